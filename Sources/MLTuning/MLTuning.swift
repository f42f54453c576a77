// MLTuning
