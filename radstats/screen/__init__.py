"""Model screens: many survival learners, alone and as "selector + model" pairs."""
