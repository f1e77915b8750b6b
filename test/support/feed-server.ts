// The local RSS server lives with the bench code (the CLI's load benchmarks use it too).
export * from '../../services/cli/src/bench/feed-server.ts';
