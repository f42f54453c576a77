// PipelineStages
