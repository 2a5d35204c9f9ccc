//! A scenario's cap table as an OCF 1.2.0 package (see `commands::export`).
