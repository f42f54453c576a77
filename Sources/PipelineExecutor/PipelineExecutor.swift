// PipelineExecutor
