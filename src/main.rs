fn main() {
    std::process::exit(zhenggai::cli::run());
}
