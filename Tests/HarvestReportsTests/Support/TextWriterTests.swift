import HarvestCore
import HarvestReports
import Testing

/// The streamed writer and its number text: each write is byte for byte the `String` formatting it stands for
/// (`Fixed.description`, `Fixed.formatted`, `Money.groupedCents`, `CivilDate.description`, `JSON.string`, `CSV.field`),
/// and the chunks the sink receives add up to the whole text.
@Suite("Text writer")
struct TextWriterTests {
    /// Values at the edges of each path: zero, the smallest unit, ties at the cent for every rounding mode, carries
    /// into the whole part, the 64-bit limit of the fast path (whole parts beyond 1.8e19 take `Fixed`'s own text), and
    /// the extremes of the 128-bit range.
    static let edges: [Fixed] = [
        "0", "0.000000000000000001", "-0.000000000000000001", "0.005", "-0.005", "0.015", "-0.015", "0.025", "-0.025",
        "1.025", "-1.025", "0.004999999999999999", "-0.004999999999999999", "999.995", "-999.995", "9.999999999999999999",
        "-9.999999999999999999", "0.5", "-0.5", "1.5", "2.5", "-2.5", "1234567.891", "-1234567.895", "100", "-100000",
        "18446744073709551615.999999999999999999", "18446744073709551616", "-18446744073709551616.5",
        "99999999999999999999.999999999999999999",
    ]

    /// The ends of the 128-bit range: their text, but not rounded (rounding them away from zero overflows `Fixed` itself).
    static let extremes: [Fixed] = [Fixed(raw: .max), Fixed(raw: .min + 1), Fixed(raw: .min)]

    /// Pseudo-random values of every size, from a fixed seed (SplitMix64): raw values cut to 20 to 127 bits.
    static let random: [Fixed] = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return (0..<4000).map { index in
            let bits = 20 + index % 108
            let raw = (UInt128(next()) << 64 | UInt128(next())) >> (128 - bits)
            // Whole cents and round numbers too, where the trailing zeros are cut.
            let value = index % 5 == 0 ? raw / 10_000_000_000_000_000 * 10_000_000_000_000_000 : raw
            return Fixed(raw: index % 2 == 0 ? Int128(value) : -Int128(value))
        }
    }()

    static func written(_ body: (TextWriter) -> Void) -> String { TextWriter.text(body) }

    @Test("an exact decimal: as `Fixed.description`, at the edges and on 4,000 values of every size")
    func decimal() {
        for value in Self.edges + Self.extremes + Self.random {
            #expect(Self.written { $0.write(decimal: value) } == value.description, "raw \(value.raw)")
            #expect(NumberText.decimal(value) == value.description, "raw \(value.raw)")
        }
    }

    @Test("rounded to a scale with a mode: as `Fixed.formatted`", arguments: RoundingMode.allCases)
    func formatted(_ mode: RoundingMode) {
        for value in Self.edges + Self.random.prefix(1000) {
            for scale in [0, 1, 2, 8, 17, 18] {
                #expect(Self.written { $0.write(value, scale: scale, mode) } == value.formatted(scale: scale, mode), "raw \(value.raw), \(scale)")
                #expect(NumberText.formatted(value, scale: scale, mode) == value.formatted(scale: scale, mode), "raw \(value.raw), \(scale)")
            }
        }
    }

    @Test("cents with thousands separators: as `Money.groupedCents`")
    func groupedCents() {
        #expect(NumberText.groupedCents("1234567.895") == "1,234,567.90")
        #expect(NumberText.groupedCents("-999.995") == "-1,000.00")
        #expect(NumberText.groupedCents("-0.004") == "0.00")
        #expect(NumberText.groupedCents("123456") == "123,456.00")
        for value in Self.edges + Self.random {
            #expect(NumberText.groupedCents(Money(value)) == Money(value).groupedCents, "raw \(value.raw)")
        }
    }

    @Test("integers and dates: as `String(_:)` and `CivilDate.description`")
    func integersAndDates() {
        for value in [0, 7, -7, 2024, 1_000_000, Int.max, Int.min] {
            #expect(Self.written { $0.write(value) } == String(value))
        }
        for date in [CivilDate(year: 2024, month: 2, day: 29)!, CivilDate(year: 1, month: 1, day: 1)!, CivilDate(year: 9999, month: 12, day: 31)!,
                     CivilDate(daysSinceEpoch: 0), CivilDate(daysSinceEpoch: 3_000_000), CivilDate(year: -44, month: 3, day: 15)!] {
            #expect(Self.written { $0.write(date) } == date.description)
        }
    }

    static let awkwardText = [
        "", "plain", "Coinbase, Inc.", "say \"hi\"", #"C:\dir\"file""#, "line\nbreak", "cr\rlf\r\n", "tab\there", "\u{01}\u{1F}\u{7F}",
        "Trésor € ✓", "e\u{301}", "🏳️‍🌈,\"", ",", "\"",
    ]

    @Test("JSON strings and CSV fields: as `JSON.string` and `CSV.field`")
    func quoting() {
        for text in Self.awkwardText {
            #expect(Self.written { $0.writeJSONString(text) } == JSON.string(text))
            #expect(Self.written { $0.writeCSVField(text) } == CSV.field(text))
        }
        #expect(Self.written { $0.writeCSVRow(Self.awkwardText) } == CSV.row(Self.awkwardText))
    }

    @Test("JSON strings: every ASCII character and a few wider ones, at every place of the words the escape check reads")
    func escapeCheckEveryPlace() {
        // The check reads eight bytes at a time, then the rest one by one: each character is put at each of 21 places in
        // texts of 1 to 21 bytes, and the text written must be `JSON.string`'s, escaped or not.
        let filler = Array("abcdefghijklmnopqrstu")
        let characters = (0..<128).map { Character(Unicode.Scalar(UInt8($0))) } + ["é", "€", "🏳️‍🌈", "\u{85}", "\u{2028}"]
        for character in characters {
            for length in 1...filler.count {
                for place in 0..<length {
                    var text = filler[..<length].map(String.init)
                    text[place] = String(character)
                    let joined = text.joined()
                    #expect(Self.written { $0.writeJSONString(joined) } == JSON.string(joined), "\(character.unicodeScalars.map(\.value)) at \(place)")
                }
            }
        }
    }

    @Test("the sink gets chunks of at most the chunk size, in order, and nothing is lost or repeated")
    func chunks() {
        var chunks: [[UInt8]] = []
        let writer = TextWriter(chunkBytes: 64) { chunks.append(Array($0)) }
        var expected = ""
        for index in 0..<500 {
            let text = index % 50 == 0 ? String(repeating: "long ", count: 30) : "row \(index),"
            writer.write(text: text)
            expected += text
            writer.write(decimal: Fixed(raw: Int128(index) * 1_234_567_890_123))
            expected += Fixed(raw: Int128(index) * 1_234_567_890_123).description
        }
        #expect(chunks.allSatisfy { $0.count <= 64 }, "a write longer than a chunk is cut into chunks")
        #expect(chunks.allSatisfy { $0.count > 64 - NumberText.maximumBytes }, "a chunk is cut short only where a number does not fit")
        writer.flush()
        #expect(String(decoding: chunks.joined(), as: UTF8.self) == expected)
        writer.flush()
        #expect(String(decoding: chunks.joined(), as: UTF8.self) == expected, "a second flush adds nothing")
    }

    @Test("a writer dropped without a flush still delivers what it holds")
    func dropped() {
        var received: [UInt8] = []
        do {
            let writer = TextWriter { received += $0 }
            writer.write("{}")
        }
        #expect(String(decoding: received, as: UTF8.self) == "{}")
    }
}
