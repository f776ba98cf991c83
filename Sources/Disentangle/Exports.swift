// The umbrella module: `import Disentangle` brings in every library target.
@_exported import DisentangleDatasets
@_exported import DisentangleHDF5
@_exported import DisentangleMetrics
@_exported import DisentangleModels
@_exported import DisentangleNN
@_exported import DisentanglePlots
@_exported import DisentangleRuns
@_exported import DisentangleStudies
@_exported import DisentangleTensor
