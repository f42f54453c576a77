// PipelineGraph
