// DisentangleNN: layers, initialisers, optimisers and checkpoints. Its work lands with the NN issue.
