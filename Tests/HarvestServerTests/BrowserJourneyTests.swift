import Foundation
import Testing

/// The dashboard's main journeys in headless Chromium (WebDriver): each page opened, links followed and forms submitted
/// by clicking, as a person would, with a screenshot of each page (laptop and phone widths) saved for a look.
@Suite("Dashboard in a browser", .serialized)
struct BrowserJourneyTests {
    /// Where the screenshots go: printed by the test, kept after it.
    static let screenshots = FileManager.default.temporaryDirectory.appendingPathComponent("harvest-dashboard-screenshots")

    @Test("portfolio, plan, gains to a row's source, resolving a problem, changing the profile and seeing the plan change",
          .enabled(if: Browser.available, "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"),
          .timeLimit(.minutes(10)))
    func journeys() async throws {
        let scratch = try Scratch()
        let served = try await Served.start(scratch.database)
        let browser = try await Browser.start()
        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
        print("screenshots: \(Self.screenshots.path)")
        func shot(_ name: String) async throws { try await browser.screenshot(Self.screenshots.appendingPathComponent("\(name).png").path) }
        do {
            // Portfolio on the hand-worked day: 46,300.00 held, basis 15,000.00, +31,300.00 unrealized; b3 turns long-term on 2025-06-02.
            try await browser.open(served.base + "/?as_of=2024-12-20")
            var page = try await browser.source()
            #expect(page.contains("<h1>Portfolio</h1>"))
            #expect(page.contains("46,300.00") && page.contains("15,000.00") && page.contains("31,300.00"))
            #expect(page.contains("2025-06-02") && page.contains("<svg"))
            try await shot("1-portfolio")

            // The plan: sell b3, 1 ETH bought at 4,000 now worth 2,500: a loss of 1,500.00, which offsets the year's long-term
            // gain (11,000 from s1) and so saves 15% of it now: 225.00. Each lot with its why.
            // (A date field takes typed text in the browser's locale: the day comes in the address, and the what-if form sends it.)
            try await browser.click("nav a[href='/harvest']")
            try await browser.open(served.base + "/harvest?as_of=2024-12-20")
            try await browser.click("form[action='/harvest'] button")
            #expect(try await browser.currentURL().contains("as_of=2024-12-20"))
            page = try await browser.source(containing: "Harvest plan for 2024-12-20")
            #expect(page.contains("Harvest plan for 2024-12-20"))
            #expect(page.contains("1,500.00") && page.contains("225.00") && page.contains("<td>sell</td>"))
            #expect(page.contains("Why, lot by lot"))
            let before = page
            try await shot("2-plan")

            // Gains: 2024, then its one row, then the row's sources: t.csv lines 4 (the sale) and 2 (the lot).
            try await browser.click("nav a[href='/gains']")
            try await browser.click("a[href='/gains/2024']")
            page = try await browser.source(containing: "11,000.00")
            #expect(page.contains("11,000.00") && page.contains("21,000.00") && page.contains("10,000.00"))
            try await shot("3-gains-2024")
            try await browser.click("a[href='/gains/2024/0']")
            page = try await browser.source(containing: "\(scratch.ledger):4")
            #expect(page.contains("\(scratch.ledger):4") && page.contains("\(scratch.ledger):2"))
            #expect(page.contains("2024-02-01T10:00:00Z,sell,kraken,0.5,BTC,21000,USD,,,,,s1,"))
            try await shot("4-gains-row-source")

            // Problems: the unmatched withdrawal, resolved as untracked (it left for a wallet not tracked, without gain or
            // loss); it is gone after, and the decision is listed.
            try await browser.click("nav a[href='/problems']")
            page = try await browser.source(containing: "unmatched withdrawal")
            #expect(page.contains("unmatched withdrawal"))
            try await shot("5-problems")
            try await browser.click("form[action='/problems/resolve'] button")
            page = try await browser.source(containing: "done: harvest transfers mark-external")
            #expect(page.contains("done: harvest transfers mark-external --all --wallet kraken --asset BTC --kind withdrawal"))
            #expect(!page.contains("unmatched withdrawal"))
            try await shot("6-problem-resolved")
            try await browser.click("nav a[href='/transfers']")
            page = try await browser.source(containing: "external: withdrawal")
            #expect(page.contains("kraken/w1") && page.contains("external: withdrawal"))
            try await shot("7-transfers")

            // Profile: every rate 0, so a loss saves nothing; the plan of the same day then trades nothing.
            try await browser.click("nav a[href='/settings']")
            for key in ["short-rate", "long-rate", "state-rate"] { try await browser.type("input[name='\(key)']", "0") }
            try await browser.click("form[action='/settings/profile'] button")
            page = try await browser.source(containing: "done: harvest profile set")
            #expect(page.contains("done: harvest profile set"))
            try await shot("8-settings")
            try await browser.open(served.base + "/harvest?as_of=2024-12-20")
            page = try await browser.source()
            #expect(page.contains("No trades: no loss is worth harvesting on 2024-12-20."))
            #expect(page != before)
            try await shot("9-plan-after-profile")

            try await browser.open(served.base + "/backtest")
            #expect(try await browser.source().contains("<h1>Backtest</h1>"))
            try await shot("10-backtest")

            // A phone's width: the same content, one column.
            try await browser.resize(width: 390, height: 844)
            try await browser.open(served.base + "/?as_of=2024-12-20")
            #expect(try await browser.source().contains("46,300.00"))
            try await shot("11-portfolio-phone")
            try await browser.open(served.base + "/harvest?as_of=2024-12-20")
            try await shot("12-plan-phone")
        } catch {
            await browser.quit()
            await served.stop()
            throw error
        }
        await browser.quit()
        await served.stop()
    }
}
