#!/usr/bin/env python3
"""The study behind README "Does harvesting pay?": `harvest backtest --windows quarterly` for each asset set and
variant, summarized as one markdown table (printed on stdout). Each row's figures come from the command's own CSV
(`--out`): the tax alpha of every strategy in every window.

    python3 scripts/windows-study.py --harvest .build/release/harvest --prices ../shared/data/prices > study.md
"""
import argparse, csv, os, statistics, subprocess, sys, tempfile

SETS = [
    ("BTC", "BTC"),
    ("BTC, ETH", "BTC,ETH"),
    ("5 large caps (BTC, ETH, XRP, BNB, ADA)", "BTC,ETH,XRP,BNB,ADA"),
    ("10 altcoins (ADA, BCH, DOGE, ETC, LINK, LTC, TRX, XLM, XMR, HBAR)", "ADA,BCH,DOGE,ETC,LINK,LTC,TRX,XLM,XMR,HBAR"),
]
# Not used to choose the timing's scale: a check out of sample.
CHECK_SETS = [
    ("20 assets (the 10 altcoins, BTC, ETH, SOL, BNB, XRP, AVAX, DOT, MATIC, NEAR, AAVE)",
     "ADA,BCH,DOGE,ETC,LINK,LTC,TRX,XLM,XMR,HBAR,BTC,ETH,SOL,BNB,XRP,AVAX,DOT,MATIC,NEAR,AAVE"),
    ("6 newer chains from 2021 (SOL, AVAX, DOT, MATIC, NEAR, AAVE)", "SOL,AVAX,DOT,MATIC,NEAR,AAVE"),
]
BASE = ["--initial", "100000", "--deposit", "1000/month", "--rebalance", "quarterly", "--fees", "10bps", "--slippage", "20bps",
        "--end", "2024-12-31", "--start", "2017-01-01", "--last-start", "2023-10-01"]
VARIANTS = [
    ("30 bps (10 fee + 20 slippage), tax from the portfolio, rebalanced quarterly, to 2024-12-31", []),
    ("tax paid from outside", ["--taxes-from", "outside"]),
    ("not rebalanced", ["--rebalance", "none"]),
    ("0 bps", ["--fees", "0bps", "--slippage", "0bps"]),
    ("10 bps", ["--fees", "5bps", "--slippage", "5bps"]),
    ("50 bps", ["--fees", "20bps", "--slippage", "30bps"]),
    ("ending a day later (2025-01-01)", ["--end", "2025-01-01"]),
    ("ending a month later (2025-01-31)", ["--end", "2025-01-31"]),
]
STRATEGIES = "none,yearend,threshold:0.1,threshold:0.2,threshold:0.3,planner:daily,planner"


def run(harvest, prices, assets, extra):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "w.csv")
        args = [harvest, "--db", os.path.join(tmp, "none.sqlite"), "backtest", "--prices", prices, "--assets", assets,
                "--windows", "quarterly", "--compare", STRATEGIES, "--out", out] + BASE + extra
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        alphas = {}
        for row in csv.DictReader(open(out)):
            alphas.setdefault(row["strategy"], []).append(float(row["tax_alpha"]) if row["tax_alpha"] else None)
        return alphas


def median(values):
    return statistics.median([v for v in values if v is not None])


def beats(a, b):
    pairs = [(x, y) for x, y in zip(a, b) if x is not None and y is not None]
    return sum(1 for x, y in pairs if x > y + 1e-9) / len(pairs)


def pct(x):
    return f"{x * 100:+.2f}%"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--harvest", default=".build/release/harvest")
    parser.add_argument("--prices", default="../shared/data/prices")
    parser.add_argument("--base-only", action="store_true")
    options = parser.parse_args()
    print("| variant | asset set | planner | planner:daily | yearend | best threshold | planner > yearend | planner > best threshold |")
    print("|---|---|---|---|---|---|---|---|")
    for index, (variant, extra) in enumerate(VARIANTS):
        sets = SETS + (CHECK_SETS if index == 0 else [])
        for name, assets in sets:
            a = run(options.harvest, options.prices, assets, extra)
            thresholds = [k for k in a if k.startswith("threshold:")]
            best = max(thresholds, key=lambda k: median(a[k]))
            print(f"| {variant} | {name} | {pct(median(a['planner']))} | {pct(median(a['planner:daily']))} | "
                  f"{pct(median(a['yearend']))} | {best} {pct(median(a[best]))} | {beats(a['planner'], a['yearend']) * 100:.0f}% | "
                  f"{beats(a['planner'], a[best]) * 100:.0f}% |", flush=True)
        if options.base_only:
            break


if __name__ == "__main__":
    main()
