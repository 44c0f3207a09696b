"""PyRadiomics-style feature names for the simulated cohorts.

The catalogue follows the seed study's breakdown (shape 13, first order 18,
texture 68 per image type; 8 wavelet bands, 3 LoG sigmas, 3 LBP images and 5
other filters): 13 + 86 x 20 = 1,733 names, as PyRadiomics spells them.
"""

from __future__ import annotations

SHAPE = ["Elongation", "Flatness", "LeastAxisLength", "MajorAxisLength", "Maximum2DDiameterColumn",
         "Maximum2DDiameterRow", "Maximum2DDiameterSlice", "Maximum3DDiameter", "MeshVolume",
         "MinorAxisLength", "Sphericity", "SurfaceArea", "SurfaceVolumeRatio"]
FIRSTORDER = ["10Percentile", "90Percentile", "Energy", "Entropy", "InterquartileRange", "Kurtosis",
              "Maximum", "MeanAbsoluteDeviation", "Mean", "Median", "Minimum", "Range",
              "RobustMeanAbsoluteDeviation", "RootMeanSquared", "Skewness", "TotalEnergy",
              "Uniformity", "Variance"]
TEXTURE = {
    "glcm": ["Autocorrelation", "ClusterProminence", "ClusterShade", "ClusterTendency", "Contrast",
             "Correlation", "DifferenceAverage", "DifferenceEntropy", "DifferenceVariance", "Id",
             "Idm", "Idmn", "Idn", "Imc1", "Imc2", "InverseVariance", "JointAverage", "JointEnergy",
             "JointEntropy", "MaximumProbability", "SumEntropy", "SumSquares"],
    "glrlm": ["GrayLevelNonUniformity", "GrayLevelNonUniformityNormalized", "GrayLevelVariance",
              "HighGrayLevelRunEmphasis", "LongRunEmphasis", "LongRunHighGrayLevelEmphasis",
              "LongRunLowGrayLevelEmphasis", "LowGrayLevelRunEmphasis", "RunEntropy",
              "RunLengthNonUniformity", "RunLengthNonUniformityNormalized", "RunPercentage",
              "RunVariance", "ShortRunEmphasis", "ShortRunHighGrayLevelEmphasis",
              "ShortRunLowGrayLevelEmphasis"],
    "glszm": ["GrayLevelNonUniformity", "GrayLevelNonUniformityNormalized", "GrayLevelVariance",
              "HighGrayLevelZoneEmphasis", "LargeAreaEmphasis", "LargeAreaHighGrayLevelEmphasis",
              "LargeAreaLowGrayLevelEmphasis", "LowGrayLevelZoneEmphasis", "SizeZoneNonUniformity",
              "SizeZoneNonUniformityNormalized", "SmallAreaEmphasis", "SmallAreaHighGrayLevelEmphasis",
              "SmallAreaLowGrayLevelEmphasis", "ZoneEntropy", "ZonePercentage", "ZoneVariance"],
    "gldm": ["DependenceEntropy", "DependenceNonUniformity", "DependenceNonUniformityNormalized",
             "DependenceVariance", "GrayLevelNonUniformity", "GrayLevelVariance",
             "HighGrayLevelEmphasis", "LargeDependenceEmphasis", "LargeDependenceHighGrayLevelEmphasis",
             "LargeDependenceLowGrayLevelEmphasis", "LowGrayLevelEmphasis", "SmallDependenceEmphasis",
             "SmallDependenceHighGrayLevelEmphasis", "SmallDependenceLowGrayLevelEmphasis"],
}
IMAGE_TYPES = {
    "original": ["original"],
    "wavelet": [f"wavelet-{band}" for band in ("LLH", "LHL", "LHH", "HLL", "HLH", "HHL", "HHH", "LLL")],
    "log": [f"log-sigma-{s}-0-mm-3D" for s in (1, 3, 5)],
    "lbp": ["lbp-3D-m1", "lbp-3D-m2", "lbp-3D-k"],
    "other": ["square", "squareroot", "logarithm", "exponential", "gradient"],
}


def radiomics_catalogue() -> list[tuple[str, str, str]]:
    """``(name, image family, feature class)`` for each of the 1,733 features."""
    rows = [(f"original_shape_{f}", "shape", "shape") for f in SHAPE]
    for family, images in IMAGE_TYPES.items():
        for image in images:
            rows += [(f"{image}_firstorder_{f}", family, "firstorder") for f in FIRSTORDER]
            for cls, names in TEXTURE.items():
                rows += [(f"{image}_{cls}_{f}", family, cls) for f in names]
    return rows
