import MLModels
import PipelineSpec

/// `autorec`: item-based AutoRec, an autoencoder over each item's ratings.
enum AutoRecKind {
    private static let defaults = AutoRec.Parameters()

    enum ActivationName: String, ParameterChoice { case sigmoid, relu, tanh, identity }
    enum InitName: String, ParameterChoice { case xavier, he, normal }

    static let hidden = Parameter(
        "hidden", default: IntList(defaults.hidden), bounds: .atLeastOne, "widths of the hidden layers, input side first")
    static let activation = Parameter(
        "activation", default: ChoiceOrList(defaults.activations.map { ActivationName(rawValue: $0.rawValue) ?? .sigmoid }),
        "activation of the hidden layers: one for all, or a list with one per layer")
    static let outputActivation = Parameter(
        "output_activation",
        default: ActivationName(rawValue: defaults.outputActivation.rawValue) ?? .identity,
        "activation of the output layer")
    static let initialization = Parameter(
        "init", default: InitName(rawValue: defaults.initialization.rawValue) ?? .xavier,
        "initial weights: xavier (uniform, Glorot), he (normal, for relu) or normal (deviation 0.01)")
    static let dropout = Parameter(
        "dropout", default: defaults.dropout, bounds: NumericBounds(low: 0, high: 1, includesHigh: false), tunable: true,
        "probability of dropping a hidden unit in training")
    static let l2 = FactorParameters.regularization(
        "l2", default: defaults.l2, "weight decay: l2 times the weights joins each batch's averaged gradient")
    static let epochs = FactorParameters.epochs(default: defaults.epochs)
    static let learningRate = Parameter(
        "lr", default: defaults.learningRate, bounds: .positive, tunable: true, "learning rate of the optimizer")
    static let optimizer = LearningParameters.optimizer(default: .adam)
    static let batch = LearningParameters.batch(default: defaults.learning.batch, "items")

    static let entry = Kind<ModelContext, any RatingModel>(
        "autorec",
        "item-based AutoRec: an autoencoder that reconstructs each item's ratings from the observed ones (Sedhain et al. 2015)",
        parameters: [hidden, activation, outputActivation, initialization, dropout, l2, epochs, learningRate]
            + LearningParameters.all(optimizer: optimizer, batch: batch)
    ) { p, _ in
        var parameters = defaults
        parameters.hidden = try p.value(hidden).values
        parameters.activations = try p.value(activation).choices.map { Activation(rawValue: $0.rawValue) ?? .sigmoid }
        parameters.outputActivation = Activation(rawValue: try p.value(outputActivation).rawValue) ?? .identity
        parameters.initialization = WeightInit(rawValue: try p.value(initialization).rawValue) ?? .xavier
        parameters.dropout = try p.value(dropout)
        parameters.l2 = try p.value(l2)
        parameters.epochs = try p.value(epochs)
        parameters.learningRate = try p.value(learningRate)
        parameters.learning = try LearningParameters.options(p, optimizer: optimizer, batch: batch)
        return AutoRec(parameters)
    }
}
