"""Simulated cohorts shaped like the seed studies, with their generating model.

``simulate_cohort("ec_fertility")`` mimics seed 000 (fertility-sparing therapy
for endometrial cancer: months to complete regression, Table-1 clinical
variables, 1,733 radiomics features from two readers); ``"cervical"`` mimics
seed 004 (two centres, training / validation / external test cohorts,
slice-level deep-learning probabilities of four MRI sequences for
multi-instance learning, radiomics and clinical features, a binary outcome).
The generating model comes back with the data so that a pipeline can be
checked against the truth: which features carry signal, and in which direction.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats._core.validation import check_int
from radstats.datasets._radiomics_names import FIRSTORDER, SHAPE, TEXTURE, radiomics_catalogue

KINDS = ("ec_fertility", "cervical")
DEFAULT_N = {"ec_fertility": 146, "cervical": 259}
MIN_N = 40


@dataclasses.dataclass(frozen=True)
class GeneratingModel:
    """How a simulated cohort was generated (the truth a pipeline should recover).

    Attributes
    ----------
    kind : str
    outcome : str
        What the outcome columns mean.
    linear_predictor : str
        The formula of the log-hazard (ec_fertility) or log-odds (cervical).
    true_features : dict
        Radiomics feature -> coefficient per standard deviation of its
        noise-free value. Every other feature has no effect of its own, though
        features in the same correlation block as a true feature are proxies for it.
    clinical_effects : dict
        Clinical variable -> coefficient per unit (per level for categorical ones).
    latent_effects : dict
        Effects of unobserved quantities (cervical: the tumour biology that the
        slice-level deep-learning probabilities measure).
    feature_blocks : dict
        Feature -> correlation block label (features in one block share a latent factor).
    icc : dict
        Feature -> inter-reader ICC implied by its reader noise (ec_fertility).
    details : dict
        Baseline hazard, censoring, intercepts and cohort sizes.
    """

    kind: str
    outcome: str
    linear_predictor: str
    true_features: dict
    clinical_effects: dict
    latent_effects: dict
    feature_blocks: dict
    icc: dict
    details: dict

    def to_dict(self) -> dict:
        """JSON-ready description (feature blocks and ICCs summarised, not listed)."""
        out = dataclasses.asdict(self)
        out["feature_blocks"] = f"{len(set(self.feature_blocks.values()))} blocks"
        out["icc"] = f"{len(self.icc)} features" if self.icc else "single reader"
        return out


@dataclasses.dataclass(frozen=True)
class SimulatedCohort:
    """Data of one simulated study and its :class:`GeneratingModel`.

    Attributes
    ----------
    kind : str
    clinical : DataFrame
        One row per patient (``patient_id`` first): clinical variables, outcome
        columns and, for ``cervical``, ``centre`` and ``cohort``.
    features : DataFrame
        Radiomics features (reader 1 for ec_fertility), indexed by ``patient_id``.
    features_reader2 : DataFrame or None
        The second reader's features (ec_fertility), same shape as ``features``.
    slices : DataFrame or None
        cervical: one row per patient, sequence and slice of the 2.5D stacks with
        the slice-level deep-learning probability ``prob`` (input of MIL).
    truth : GeneratingModel
    """

    kind: str
    clinical: pd.DataFrame
    features: pd.DataFrame
    features_reader2: pd.DataFrame | None
    slices: pd.DataFrame | None
    truth: GeneratingModel

    def to_csv(self, folder) -> dict:
        """Write each table as ``<kind>_<table>.csv`` in ``folder``; return name -> path."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        tables = {"clinical": self.clinical.set_index("patient_id"), "features": self.features,
                  "features_reader2": self.features_reader2, "slices": self.slices}
        paths = {}
        for name, table in tables.items():
            if table is None:
                continue
            path = folder / f"{self.kind}_{name}.csv"
            table.to_csv(path, index=name != "slices")
            paths[name] = path
        return paths

    def __repr__(self) -> str:
        parts = [f"{len(self.clinical)} patients", f"{self.features.shape[1]} features"]
        if self.features_reader2 is not None:
            parts.append("2 readers")
        if self.slices is not None:
            parts.append(f"{len(self.slices)} slices")
        return f"SimulatedCohort({self.kind!r}: {', '.join(parts)})"


def simulate_cohort(kind: str = "ec_fertility", n: int | None = None,
                    random_state=0) -> SimulatedCohort:
    """Simulate a cohort like a seed study's, with the model that generated it.

    Parameters
    ----------
    kind : {"ec_fertility", "cervical"}
        ``"ec_fertility"`` (seed 000): months from the start of progestin
        therapy to complete regression (CR), censored at the end of follow-up;
        Table-1 clinical variables; 1,733 PyRadiomics-named features read by
        two radiologists. ``"cervical"`` (seed 004): persistent cervical cancer
        after chemoradiation (binary), two centres with training, validation
        and external test cohorts, slice-level probabilities of four MRI
        sequences, 357 radiomics features and three clinical variables.
    n : int, optional
        Number of patients (default 146 and 259, the seeds' sizes; at least 40).
    random_state : int, numpy Generator or None
        Seed; the same seed gives the same cohort.

    Returns
    -------
    SimulatedCohort
        ``clinical``, ``features``, ``features_reader2``, ``slices`` and
        ``truth`` (a :class:`GeneratingModel`).

    Notes
    -----
    ec_fertility. The log-hazard of CR is ``-0.14 mrs + 6 ihc_score + 0.3
    [regular menses] + sum_k g_k t_k``: a higher metabolic risk score (MRS, built
    from BMI, fasting glucose, cholesterol, hypertension and diabetes) delays CR,
    a higher immunohistochemistry score (from ER, PR, P53 and Ki-67) speeds it,
    and four radiomics features ``t_k`` (standardised noise-free values) act
    with ``g = (-0.8, 0.7, 0.65, 0.55)`` (``truth.true_features``). Times are
    Weibull (shape 1.5) and follow-up ends uniformly between 6 and 24 months;
    about 70% of patients reach CR. Features share latent factors in blocks of
    about six (within-block correlations up to about 0.95, some blocks also
    loading on tumour size); each reader adds noise whose size gives the
    feature's inter-reader ICC (about 0.95 for shape, 0.72 for LBP features on
    average; the true features 0.93), and reader 2 a small systematic bias.
    About 40% of features are skewed (exponential of the latent value).

    cervical. The log-odds of persistent cancer (``pcc = 1``, about 25%) is
    ``b0 + 0.45 z(diameter) + stage effect + 1.3 u + sum_k g_k t_k`` with an
    unobserved tumour-biology factor ``u`` that the slice-level probabilities
    measure with noise (T2 SPAIR the most informative sequence) and three
    radiomics features with ``g = (0.8, -0.7, 0.6)``. Centre B (the external
    test cohort) has a scanner shift in the radiomics features but the same
    outcome model; centre A is split 7:3 into training and validation,
    stratified by outcome.

    Examples
    --------
    >>> cohort = simulate_cohort("ec_fertility", random_state=1)
    >>> cohort
    SimulatedCohort('ec_fertility': 146 patients, 1733 features, 2 readers)
    >>> sorted(cohort.truth.true_features)[:2]
    ['log-sigma-3-0-mm-3D_glszm_SmallAreaEmphasis', 'original_firstorder_Entropy']
    >>> simulate_cohort("cervical", n=120).clinical["cohort"].value_counts().to_dict()
    {'training': 70, 'validation': 31, 'test': 19}
    """
    if kind not in KINDS:
        raise InputError(f"`kind` must be one of {KINDS}, got {kind!r}")
    n = DEFAULT_N[kind] if n is None else n
    check_int(n, "n", MIN_N, f"an integer of at least {MIN_N}")
    rng = np.random.default_rng(random_state)
    return _ec_fertility(rng, int(n)) if kind == "ec_fertility" else _cervical(rng, int(n))


# --------------------------------------------------------------------- shared
def _expit(x):
    return 1 / (1 + np.exp(-x))


def _blocks(groups: list[str], rng, size: int = 8) -> np.ndarray:
    """Split each group of consecutive features into random blocks of about ``size``."""
    labels = np.empty(len(groups), dtype=object)
    groups = np.asarray(groups, dtype=object)
    for group in dict.fromkeys(groups):
        where = np.flatnonzero(groups == group)
        n_blocks = max(1, round(len(where) / size))
        assignment = rng.permutation(np.arange(len(where)) % n_blocks)
        labels[where] = [f"{group}:{b}" for b in assignment]
    return labels


def _latent_features(rng, n: int, blocks: np.ndarray, size_factor: np.ndarray,
                     size_loaded: np.ndarray, fixed_loading: dict) -> np.ndarray:
    """Noise-free standardised feature values: block factors plus unique parts."""
    p = len(blocks)
    unique_blocks, block_of = np.unique(blocks, return_inverse=True)
    # Blocks whose features scale with the tumour (volume, energy, non-uniformity) load on
    # size; blocks of the true features do not, so only their own block mates are proxies.
    size_weight = np.where([size_loaded[block_of == b].mean() > 0.5
                            for b in range(len(unique_blocks))],
                           rng.uniform(0.6, 0.9, len(unique_blocks)),
                           rng.uniform(0.0, 0.3, len(unique_blocks)))
    loading = rng.uniform(0.85, 0.999, p)
    for j, value in fixed_loading.items():
        loading[j] = value
        size_weight[block_of[j]] = 0.0
    factors = (size_weight * size_factor[:, None]
               + np.sqrt(1 - size_weight**2) * rng.standard_normal((n, len(unique_blocks))))
    return loading * factors[:, block_of] + np.sqrt(1 - loading**2) * rng.standard_normal((n, p))


def _reader_noise(rng, blocks: np.ndarray, n: int, shared: float = 0.9) -> np.ndarray:
    """Standard normal reader noise, 90% shared within a block: a different contour moves
    related features together, so blocks stay correlated in each reader's data."""
    unique_blocks, block_of = np.unique(blocks, return_inverse=True)
    common = rng.standard_normal((n, len(unique_blocks)))[:, block_of]
    return np.sqrt(shared) * common + np.sqrt(1 - shared) * rng.standard_normal((n, len(blocks)))


def _to_units(rng, values: list[np.ndarray], skewed: np.ndarray) -> list[np.ndarray]:
    """Put standardised values on feature-specific scales (skewed ones exponentiated)."""
    p = values[0].shape[1]
    scale = np.exp(rng.normal(0, 2, p))
    location = rng.normal(0, 3, p) * scale
    return [location + scale * np.where(skewed, np.exp(0.35 * v), v) for v in values]


def _frame(values: np.ndarray, ids, names) -> pd.DataFrame:
    frame = pd.DataFrame(values, index=pd.Index(ids, name="patient_id"), columns=names)
    return frame


# --------------------------------------------------------------- ec_fertility
EC_TRUE = {"original_firstorder_Entropy": -0.8, "wavelet-LLH_glcm_Idmn": 0.7,
           "log-sigma-3-0-mm-3D_glszm_SmallAreaEmphasis": 0.65, "original_shape_Sphericity": 0.55}
EC_CLINICAL = {"mrs": -0.14, "ihc_score": 6.0, "menstrual_regularity[Regular]": 0.3}
# Mean inter-reader ICC by image family; true features are made reproducible.
EC_ICC_MEAN = {"shape": 0.95, "original": 0.88, "wavelet": 0.80, "log": 0.85, "lbp": 0.72,
               "other": 0.82}
EC_WEIBULL_SHAPE, EC_WEIBULL_SCALE = 1.5, 9.6  # months; the scale gives about 70% CR
EC_FOLLOW_UP = (6.0, 24.0)


def _ec_clinical(rng, n: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Table-1 variables; returns the frame and the clinical part of the log-hazard."""
    age = np.clip(rng.normal(32.5, 5.0, n), 20, 45).round()
    bmi = np.clip(rng.normal(27.2, 5.0, n), 17, 45).round(1)
    gravida = rng.poisson(0.45, n)
    para = rng.binomial(gravida, 0.3)
    z_bmi = (bmi - 27.2) / 5.0
    hypertension = rng.random(n) < _expit(-2.3 + 0.6 * z_bmi)
    diabetes = rng.random(n) < _expit(-1.1 + 0.5 * z_bmi)
    pcos = rng.random(n) < 0.36
    irregular = rng.random(n) < _expit(0.1 + 1.2 * pcos + 0.3 * z_bmi)
    fbg = np.exp(np.log(4.8) + 0.04 * z_bmi + 0.2 * diabetes + rng.normal(0, 0.15, n)).round(2)
    tg = np.exp(rng.normal(np.log(1.35) + 0.1 * z_bmi, 0.5, n)).round(2)
    hdl = np.clip(rng.normal(1.14 - 0.05 * z_bmi, 0.33, n), 0.4, 3).round(2)
    cholesterol = np.clip(rng.normal(4.7 + 0.15 * z_bmi, 0.9, n), 2.5, 9).round(2)
    ldl = np.clip(0.62 * cholesterol + rng.normal(0, 0.5, n), 0.8, 7).round(2)
    ca125 = np.exp(rng.normal(np.log(17), 0.6, n)).round(1)
    er = rng.beta(1.9, 0.64, n).round(2)
    pr = rng.beta(2.1, 0.53, n).round(2)
    p53 = rng.beta(0.3, 0.9, n).round(2)
    ki67 = rng.beta(1.7, 6.0, n).round(2)
    pathology = rng.choice(["AEH", "EC G1", "EC G2"], n, p=[0.48, 0.40, 0.12])
    z_fbg = (np.log(fbg) - np.log(4.9)) / 0.16
    z_chol = (cholesterol - 4.7) / 0.9
    mrs = (1.9 + 1.5 * z_bmi + 1.5 * z_fbg + 1.2 * z_chol + 2.5 * (hypertension - 0.1)
           + 1.5 * (diabetes - 0.27) + rng.normal(0, 1.5, n)).round(2)
    ihc = _expit(2.0 + 0.45 * (er - 0.75) / 0.23 + 0.45 * (pr - 0.8) / 0.21
                 - 0.35 * (p53 - 0.25) / 0.35 - 0.25 * (ki67 - 0.22) / 0.14
                 + rng.normal(0, 0.35, n)).round(3)
    regular = ~irregular
    frame = pd.DataFrame({
        "age": age, "bmi": bmi, "gravida": gravida, "para": para, "fbg": fbg, "tg": tg, "hdl": hdl,
        "cholesterol": cholesterol, "ldl": ldl, "ca125": ca125, "er_pct": er, "pr_pct": pr,
        "p53_pct": p53, "ki67_pct": ki67, "mrs": mrs, "ihc_score": ihc,
        "hypertension": pd.Categorical(np.where(hypertension, "With", "Without"),
                                       ["Without", "With"]),
        "diabetes": pd.Categorical(np.where(diabetes, "With", "Without"), ["Without", "With"]),
        "menstrual_regularity": pd.Categorical(np.where(regular, "Regular", "Irregular"),
                                               ["Irregular", "Regular"]),
        "pcos": pd.Categorical(np.where(pcos, "With", "Without"), ["Without", "With"]),
        "pathology": pd.Categorical(pathology, ["AEH", "EC G1", "EC G2"]),
    })
    eta = (EC_CLINICAL["mrs"] * (mrs - 1.9) + EC_CLINICAL["ihc_score"] * (ihc - 0.87)
           + EC_CLINICAL["menstrual_regularity[Regular]"] * regular)
    return frame, eta


def _ec_fertility(rng, n: int) -> SimulatedCohort:
    ids = [f"EC{i + 1:03d}" for i in range(n)]
    clinical, eta_clinical = _ec_clinical(rng, n)
    catalogue = radiomics_catalogue()
    names = [c[0] for c in catalogue]
    family = np.array([c[1] for c in catalogue])
    image = np.array(["shape" if c[1] == "shape" else c[0].split("_")[0] for c in catalogue])
    groups = [f"{img}_{c[2]}" for img, c in zip(image, catalogue)]
    blocks = _blocks(groups, rng)
    size_loaded = np.array([c[2] == "shape" and "Sphericity" not in c[0]
                            or c[0].endswith(("_Energy", "_TotalEnergy", "NonUniformity"))
                            for c in catalogue])
    true_index = {names.index(f): coef for f, coef in EC_TRUE.items()}
    size_factor = rng.standard_normal(n)
    latent = _latent_features(rng, n, blocks, size_factor, size_loaded,
                              {j: 0.75 for j in true_index})

    image_family = np.where(image == "original", "original", family)
    mean_icc = np.array([EC_ICC_MEAN[f] for f in image_family])
    icc = np.clip(rng.beta(mean_icc * 20, (1 - mean_icc) * 20), 0.4, 0.995)
    for j in true_index:
        icc[j] = 0.93
    noise_sd = np.sqrt((1 - icc) / icc)
    bias = rng.normal(0, 0.15, len(names)) * noise_sd
    reader1 = latent + noise_sd * _reader_noise(rng, blocks, n)
    reader2 = latent + bias + noise_sd * _reader_noise(rng, blocks, n)
    skewed = rng.random(len(names)) < 0.4
    skewed[list(true_index)] = False
    reader1, reader2 = _to_units(rng, [reader1, reader2], skewed)

    eta = eta_clinical + sum(coef * latent[:, j] for j, coef in true_index.items())
    u = rng.random(n)
    cr_time = EC_WEIBULL_SCALE * (-np.log(u) / np.exp(eta)) ** (1 / EC_WEIBULL_SHAPE)
    follow_up = rng.uniform(*EC_FOLLOW_UP, n)
    event = cr_time <= follow_up
    months = np.maximum(np.where(event, cr_time, follow_up), 0.1).round(1)
    clinical.insert(0, "patient_id", ids)
    clinical["months_to_cr"] = months
    clinical["cr"] = event.astype(int)

    truth = GeneratingModel(
        kind="ec_fertility",
        outcome="months_to_cr: months from the start of progestin therapy to complete regression "
                "(cr = 1) or to the end of follow-up (cr = 0)",
        linear_predictor="log-hazard of CR = -0.14 (mrs - 1.9) + 6 (ihc_score - 0.87) + 0.3 "
                         "[menstrual_regularity = Regular] + sum_k g_k t_k (t_k: standardised "
                         "noise-free value of true feature k)",
        true_features=dict(EC_TRUE), clinical_effects=dict(EC_CLINICAL), latent_effects={},
        feature_blocks=dict(zip(names, blocks)), icc=dict(zip(names, icc.round(4))),
        details={"weibull_shape": EC_WEIBULL_SHAPE, "weibull_scale_months": EC_WEIBULL_SCALE,
                 "follow_up_months": list(EC_FOLLOW_UP), "expected_cr_rate": 0.70,
                 "reader2_bias_sd": "0.15 x reader noise SD", "skewed_share": 0.4},
    )
    return SimulatedCohort("ec_fertility", clinical, _frame(reader1, ids, names),
                           _frame(reader2, ids, names), None, truth)


# ------------------------------------------------------------------- cervical
CERVIX_SEQUENCES = {"T1_SPIR": 0.6, "T1_TSE": 0.5, "T2_SPAIR": 1.2, "T2_TSE": 0.9}
CERVIX_TRUE = {"T2_SPAIR_glszm_ZoneEntropy": 0.8, "T2_SPAIR_firstorder_Kurtosis": -0.7,
               "T1_TSE_glcm_Idmn": 0.6}
CERVIX_STAGE = {"IB3-IIA": 0.0, "IIB": 0.2, "III": 0.5, "IVA": 0.8}
CERVIX_INTERCEPT = -2.05  # gives about 25% persistent cancer
CERVIX_LATENT = 1.3
CERVIX_SLICES = [(view, offset) for view in ("axial", "sagittal", "coronal") for offset in (0, 1, 2, 4)]


def _cervical(rng, n: int) -> SimulatedCohort:
    ids = [f"CC{i + 1:03d}" for i in range(n)]
    n_b = max(10, round(n * 42 / 259))
    centre = np.array(["A"] * (n - n_b) + ["B"] * n_b)
    age = np.clip(rng.normal(53, 10, n), 25, 80).round()
    stage = rng.choice(list(CERVIX_STAGE), n, p=[0.15, 0.40, 0.38, 0.07])
    stage_rank = np.array([list(CERVIX_STAGE).index(s) for s in stage])
    diameter = np.exp(rng.normal(np.log(4.6) + 0.06 * (stage_rank - 1.4), 0.25, n)).round(1)
    z_diameter = (diameter - 4.7) / 1.2
    latent = rng.standard_normal(n)

    names, groups = [], []
    for sequence in CERVIX_SEQUENCES:
        for cls in ["firstorder", *TEXTURE]:
            features = FIRSTORDER if cls == "firstorder" else TEXTURE[cls]
            names += [f"{sequence}_{cls}_{f}" for f in features]
            groups += [f"{sequence}_{cls}"] * len(features)
    names = [f"T2_SPAIR_shape_{s}" for s in SHAPE] + names
    groups = ["shape"] * len(SHAPE) + groups
    blocks = _blocks(groups, rng)
    size_loaded = np.array([g == "shape" and "Sphericity" not in f for f, g in zip(names, groups)])
    true_index = {names.index(f): coef for f, coef in CERVIX_TRUE.items()}
    radiomic = _latent_features(rng, n, blocks, z_diameter / z_diameter.std(), size_loaded,
                                {j: 0.75 for j in true_index})
    shift = rng.normal(0, 0.3, len(names)) * (centre == "B")[:, None]
    skewed = rng.random(len(names)) < 0.4
    skewed[list(true_index)] = False
    (values,) = _to_units(rng, [radiomic + shift], skewed)

    eta = (CERVIX_INTERCEPT + 0.45 * z_diameter + np.array([CERVIX_STAGE[s] for s in stage])
           + CERVIX_LATENT * latent + sum(c * radiomic[:, j] for j, c in true_index.items()))
    pcc = (rng.random(n) < _expit(eta)).astype(int)

    cohort = np.where(centre == "B", "test", "").astype(object)
    for level in (0, 1):  # centre A: 7:3 training / validation, stratified by outcome
        where = rng.permutation(np.flatnonzero((centre == "A") & (pcc == level)))
        n_train = round(0.7 * len(where))
        cohort[where[:n_train]] = "training"
        cohort[where[n_train:]] = "validation"

    slices = []
    for sequence, weight in CERVIX_SEQUENCES.items():
        mean = np.log(0.25 / 0.75) + weight * latent
        for view, offset in CERVIX_SLICES:
            prob = _expit(mean + rng.normal(0, 1.0, n))
            slices.append(pd.DataFrame({"patient_id": ids, "sequence": sequence, "view": view,
                                        "offset": offset, "prob": prob.round(4)}))
    slices = pd.concat(slices).sort_values(["patient_id", "sequence", "view", "offset"],
                                           kind="stable").reset_index(drop=True)
    clinical = pd.DataFrame({
        "patient_id": ids, "centre": centre,
        "cohort": pd.Categorical(cohort, ["training", "validation", "test"]),
        "age": age, "figo_stage": pd.Categorical(stage, list(CERVIX_STAGE)),
        "tumour_diameter_cm": diameter, "pcc": pcc})
    truth = GeneratingModel(
        kind="cervical",
        outcome="pcc: persistent cervical cancer three months after chemoradiation (1) or "
                "complete response (0)",
        linear_predictor="log-odds of pcc = -2.05 + 0.45 (tumour_diameter_cm - 4.7) / 1.2 + "
                         "stage effect + 1.3 u + sum_k g_k t_k (u: tumour biology seen by the "
                         "slice-level model; t_k: standardised noise-free radiomics values)",
        true_features=dict(CERVIX_TRUE),
        clinical_effects={"tumour_diameter_cm": 0.45 / 1.2,
                          **{f"figo_stage[{k}]": v for k, v in CERVIX_STAGE.items() if v}},
        latent_effects={"u (slice-level probabilities: logit = logit(0.25) + w u + N(0, 1))":
                        CERVIX_LATENT, **{f"w[{s}]": w for s, w in CERVIX_SEQUENCES.items()}},
        feature_blocks=dict(zip(names, blocks)), icc={},
        details={"intercept": CERVIX_INTERCEPT, "expected_pcc_rate": 0.25,
                 "centre_B_feature_shift_sd": 0.3, "slices_per_sequence": len(CERVIX_SLICES),
                 "split": "centre A 7:3 training/validation by outcome; centre B external test"},
    )
    return SimulatedCohort("cervical", clinical, _frame(values, ids, names), None, slices, truth)

