// MLModels
