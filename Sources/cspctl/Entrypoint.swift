import ArgumentParser

@main
struct Entrypoint {
    static func main() async {
        await CSPCtl.main()
    }
}
