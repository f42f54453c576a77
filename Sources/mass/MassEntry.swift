import PipelineCLI

@main
enum MassEntry {
    static func main() async {
        await MassCommand.main()
    }
}
