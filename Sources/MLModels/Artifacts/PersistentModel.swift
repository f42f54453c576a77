/// A model kind whose configuration and fitted state can be saved as bytes
/// (every in-process kind; not `command`, whose state lives in an external
/// program's files).
public protocol PersistentModel: RatingModel where Fitted: PersistentPredictor {
    /// Writes the configuration that makes the model (its parameters).
    func encode(to writer: inout ArtifactWriter)
    /// Reads a configuration written by `encode(to:)`.
    init(decoding reader: inout ArtifactReader) throws(ModelArtifactError)
}

/// A fitted state that can be saved as bytes and read back to predict the
/// same bits.
public protocol PersistentPredictor: RatingPredictor {
    /// Writes the learned parameters (factors, biases, similarities...).
    func encode(to writer: inout ArtifactWriter)
    /// Reads parameters written by `encode(to:)`.
    init(decoding reader: inout ArtifactReader) throws(ModelArtifactError)
}
