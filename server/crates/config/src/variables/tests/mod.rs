mod file_tests;
mod parse_tests;
mod resolve_tests;
mod support;
