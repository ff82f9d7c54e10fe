import HarvestCore

/// Daily price files, `ASSET-CCY.csv` with `date,open,high,low,close,volume` (../shared/data/prices).
public enum PriceCSV {
    public struct Parsed: Sendable {
        public var asset: Asset
        public var currency: Asset
        public var points: [PricePoint]
    }

    /// `BTC-USD.csv` → (BTC, USD), `UNI-V2-USD.csv` → (UNI-V2, USD); nil when the name does not say.
    public static func pair(fromFileName name: String) -> (asset: Asset, currency: Asset)? {
        var base = Substring(name.split(separator: "/").last ?? Substring(name))
        if base.lowercased().hasSuffix(".csv") { base = base.dropLast(4) }
        // The currency follows the last dash, so an asset may hold dashes itself (UNI-V2-USD.csv).
        guard let dash = base.lastIndex(of: "-") else { return nil }
        let asset = base[..<dash], currency = base[base.index(after: dash)...]
        guard !asset.isEmpty, !asset.hasSuffix("-"), !currency.isEmpty, currency.allSatisfy({ $0.isLetter && $0.isASCII }) else { return nil }
        return (Asset(String(asset)), Asset(String(currency)))
    }

    /// The layouts a user can download, told apart by their header.
    public enum Layout: String, Sendable {
        /// `date,open,high,low,close,volume` (../shared/data/prices).
        case harvest
        /// Yahoo Finance: `Date,Open,High,Low,Close,Adj Close,Volume`, `null` on days without a quote.
        case yahoo
        /// CoinGecko: `snapped_at,price,market_cap,total_volume`.
        case coinGecko = "coingecko"
        /// CoinMarketCap: `timeOpen;timeClose;timeHigh;timeLow;name;open;high;low;close;volume;marketCap;timestamp`.
        case coinMarketCap = "coinmarketcap"

        /// Our column for each of the layout's, and the columns it has that we do not use.
        var columns: [String: String] {
            switch self {
            case .harvest: ["date": "date", "open": "open", "high": "high", "low": "low", "close": "close", "volume": "volume"]
            case .yahoo: ["date": "date", "open": "open", "high": "high", "low": "low", "close": "close", "volume": "volume", "adj close": ""]
            case .coinGecko: ["snapped_at": "date", "price": "close", "total_volume": "volume", "market_cap": ""]
            case .coinMarketCap:
                ["timeopen": "date", "open": "open", "high": "high", "low": "low", "close": "close", "volume": "volume",
                 "timeclose": "", "timehigh": "", "timelow": "", "name": "", "marketcap": "", "timestamp": ""]
            }
        }

        /// The layout of a header (already lower-cased), or nil.
        static func detect(_ names: [String]) -> Layout? {
            if names.contains("snapped_at") { return .coinGecko }
            if names.contains("timeopen") { return .coinMarketCap }
            if names.contains("adj close") { return .yahoo }
            return names.contains("date") ? .harvest : nil
        }
    }

    /// Parses one file. Every bad cell is reported at once; `close` and `date` are required, the other
    /// columns optional. Duplicate dates are an error (the file does not say which one is right). The layout
    /// (ours, Yahoo, CoinGecko, CoinMarketCap) is recognized by the header; `null` cells mean no quote that day.
    public static func parse(_ text: String, file: String, asset: Asset, currency: Asset) throws(ImportFailure) -> Parsed {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r" }
        let separator: Character = firstLine.contains(";") && !firstLine.contains(",") ? ";" : ","
        var records = CSVReader(text, separator: separator).makeIterator()
        let columns = try Columns(header: records.next(), file: file)
        var errors: [ImportError] = []
        var points: [PricePoint] = []
        var seen: [CivilDate: Int] = [:]
        while let record = records.next() {
            guard let point = columns.point(record, file: file, errors: &errors) else { continue }
            if let earlier = seen[point.date] {
                errors.append(ImportError(file: file, line: record.line, column: "date", message: "\(point.date) appears twice (also on line \(earlier))"))
                continue
            }
            seen[point.date] = record.line
            points.append(point)
        }
        guard errors.isEmpty else { throw ImportFailure(errors) }
        return Parsed(asset: asset, currency: currency, points: points)
    }

    /// A file's layout and where its header puts our columns.
    private struct Columns {
        let layout: Layout
        /// The header's column count.
        let count: Int
        /// Our column names (`date`, `close`, ...) by position in the header.
        let position: [String: Int]

        /// Reads the header: the layout it belongs to, every column known to it, `date` and `close` present.
        init(header: CSVReader.Record?, file: String) throws(ImportFailure) {
            guard let header else {
                throw ImportFailure([ImportError(file: file, line: 1, column: "", message: "the file is empty: expected date,open,high,low,close,volume")])
            }
            let raw = header.fields.map { $0.trimmingSpaces().lowercased() }
            var errors: [ImportError] = []
            guard let layout = Layout.detect(raw) else {
                throw ImportFailure([ImportError(
                    file: file, line: header.line, column: "",
                    message: "unrecognized price file (header: \(raw.joined(separator: ","))); known: date,open,high,low,close,volume; "
                        + "Yahoo (Date,...,Adj Close,Volume); CoinGecko (snapped_at,price,...); CoinMarketCap (timeOpen;...;close;...)")])
            }
            var names: [String] = []
            for (index, name) in raw.enumerated() {
                guard let mapped = layout.columns[name] else {
                    let known = layout.columns.keys.sorted().joined(separator: ", ")
                    errors.append(ImportError(file: file, line: header.line, column: header.fields[index], message: "unknown column (known: \(known))"))
                    names.append("")
                    continue
                }
                names.append(mapped)
            }
            for name in ["date", "close"] where !names.contains(name) {
                errors.append(ImportError(file: file, line: header.line, column: name, message: "required column is missing"))
            }
            guard errors.isEmpty else { throw ImportFailure(errors) }
            var position: [String: Int] = [:]
            for (index, name) in names.enumerated() where !name.isEmpty { position[name] = index }
            self.layout = layout
            self.count = names.count
            self.position = position
        }

        /// One record's day and prices; nil for a day without a quote (Yahoo's `null` close), and for a bad record,
        /// its errors added to `errors`.
        func point(_ record: CSVReader.Record, file: String, errors: inout [ImportError]) -> PricePoint? {
            func fail(_ column: String, _ message: String) {
                errors.append(ImportError(file: file, line: record.line, column: column, message: message))
            }
            guard record.fields.count == count else {
                fail("", "has \(record.fields.count) fields but the header has \(count)")
                return nil
            }
            func cell(_ name: String) -> String {
                let text = position[name].map { record.fields[$0].trimmingSpaces() } ?? ""
                return text.lowercased() == "null" ? "" : text
            }
            // A day without a quote (Yahoo's `null` close) is not a price: skipped, as a missing day.
            if cell("close").isEmpty && !cell("date").isEmpty && layout != .harvest { return nil }
            func price(_ name: String, required: Bool) -> Price? {
                let text = cell(name)
                if text.isEmpty {
                    if required { fail(name, "missing \(name) price") }
                    return nil
                }
                do {
                    // Price files are often written from binary floating point: digits past the 18th are noise,
                    // rounded half-even (README "How the numbers are computed").
                    let value = Price(try Fixed(parsing: text, roundingExcessDigits: .halfEven))
                    if !value.fixed.isPositive && name != "volume" {
                        fail(name, "'\(text)' is not a positive price")
                        return nil
                    }
                    guard name == "volume" || SupportedRange.contains(value.fixed) else {
                        fail(name, SupportedRange.valueMessage(text))
                        return nil
                    }
                    return value
                } catch {
                    fail(name, "\(error)")
                    return nil
                }
            }
            let dateText = cell("date")
            let date = CivilDate(iso: dateText.prefix(10))
            if date == nil { fail("date", "'\(dateText)' is not a YYYY-MM-DD date") }
            let close = price("close", required: true)
            let open = price("open", required: false), high = price("high", required: false), low = price("low", required: false)
            var volume: Fixed?
            let volumeText = cell("volume")
            if !volumeText.isEmpty {
                do { volume = try Fixed(parsing: volumeText, roundingExcessDigits: .halfEven) } catch { fail("volume", "\(error)") }
            }
            guard let date, let close else { return nil }
            return PricePoint(date: date, open: open, high: high, low: low, close: close, volume: volume)
        }
    }
}
