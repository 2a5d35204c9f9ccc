// Unit tests of the secondary engine are in tests/integration/secondaries.rs (worked cases
// through scenario files); these check the tender split on its own.
