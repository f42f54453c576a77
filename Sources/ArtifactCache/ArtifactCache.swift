// ArtifactCache
