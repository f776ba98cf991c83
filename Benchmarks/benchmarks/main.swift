import Disentangle
// Benchmarks print one JSON object per line: {"name", "value", "unit", ...}. Entries arrive with their issues.
