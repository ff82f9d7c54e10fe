import HarvestReports
import Testing

struct MarkupTests {
    @Test("HTML and SVG text: the five characters markup reads as entities, everything else as it is")
    func escaped() {
        #expect(Markup.escaped(#"Tom's <wallet> & "cold""#) == "Tom&#39;s &lt;wallet&gt; &amp; &quot;cold&quot;")
        #expect(Markup.escaped("Trésor € 🏳️‍🌈") == "Trésor € 🏳️‍🌈")
        #expect(Markup.escaped("&amp;") == "&amp;amp;", "escaped once more: the text is taken as text, not as markup")
    }
}
