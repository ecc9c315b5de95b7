using Backprop.Cli;

return CommandLine.Run(args);
