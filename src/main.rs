fn main() {
    std::process::exit(foil::cli::main());
}
