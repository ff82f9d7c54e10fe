/// The API's OpenAPI 3.1 document, written by hand and served at `/api/v1/openapi.json`. A test checks that its paths
/// are exactly the routes the server answers (`API.routes`), each with a 200 on a sample database.
enum OpenAPIDocument {
    static let json = """
        {
          "openapi": "3.1.0",
          "info": {
            "title": "Harvest dashboard API",
            "version": "1.0.0",
            "description": "What `harvest serve`'s pages show, as JSON, computed on this machine from the database by the same code as the CLI. Amounts are exact decimal strings. Bound beyond loopback, every request needs the token (Authorization: Bearer T). Holdings, plan, gains and problems are byte for byte the CLI's `--format json` output."
          },
          "servers": [{"url": "http://127.0.0.1:8467"}],
          "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer", "description": "Required when the server is bound beyond loopback (`harvest serve --host H --token T`)."}},
            "parameters": {
              "asOf": {"name": "as_of", "in": "query", "required": false, "schema": {"type": "string", "format": "date"}, "description": "The day, YYYY-MM-DD (default: today in the tax time zone)."}
            },
            "responses": {
              "Error": {
                "description": "The CLI's messages for the same request (400 usage, 404 not found, 422 bad data, 500 other).",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "Unauthorized": {
                "description": "No token, or the wrong one, while bound beyond loopback.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              }
            },
            "schemas": {
              "Error": {
                "type": "object", "required": ["error"],
                "properties": {"error": {"type": "object", "required": ["status", "message", "messages"], "properties": {
                  "status": {"type": "integer"}, "message": {"type": "string"}, "messages": {"type": "array", "items": {"type": "string"}}}}}
              },
              "Decimal": {"type": "string", "pattern": "^-?[0-9]+(\\\\.[0-9]+)?$"},
              "Strings": {"type": "object", "additionalProperties": {"type": "string"}},
              "Source": {"type": ["object", "null"], "properties": {"file": {"type": "string"}, "line": {"type": "integer"}}}
            }
          },
          "security": [{}, {"token": []}],
          "paths": {
            "/api/v1/openapi.json": {"get": {"operationId": "openapi", "summary": "This document.", "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}}}},
            "/api/v1/holdings": {"get": {"operationId": "holdings", "summary": "Open lots valued on a day: `harvest holdings --format json`.",
              "parameters": [{"$ref": "#/components/parameters/asOf"}],
              "responses": {"200": {"description": "{as_of, lots: [{asset, wallet, date_acquired, holding_start, quantity, cost_basis, price, value, unrealized_gain, term, long_term_from, lot_tx_id, ...}]}",
                "content": {"application/json": {"schema": {"type": "object", "required": ["as_of", "lots"], "properties": {"as_of": {"type": "string"}, "lots": {"type": "array", "items": {"type": "object"}}}}}}},
                "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "422": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/portfolio/history": {"get": {"operationId": "portfolioHistory", "summary": "The value held at each month end, by asset (the portfolio chart).",
              "parameters": [{"$ref": "#/components/parameters/asOf"}],
              "responses": {"200": {"description": "Points in date order.", "content": {"application/json": {"schema": {"type": "object", "properties": {
                "as_of": {"type": "string"}, "currency": {"type": "string"}, "points": {"type": "array", "items": {"type": "object", "properties": {
                  "date": {"type": "string"}, "total": {"$ref": "#/components/schemas/Decimal"}, "by_asset": {"$ref": "#/components/schemas/Strings"}}}}}}}}},
                "401": {"$ref": "#/components/responses/Unauthorized"}, "422": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/plan": {"get": {"operationId": "plan", "summary": "The harvest plan: `harvest plan --format json` with the same options.",
              "parameters": [{"$ref": "#/components/parameters/asOf"},
                {"name": "realize_loss", "in": "query", "required": false, "schema": {"type": "string"}, "description": "`--realize-loss`: realize exactly this much loss."},
                {"name": "target", "in": "query", "required": false, "schema": {"type": "string"}, "description": "`--target`: weights such as BTC=0.6,ETH=0.4."}],
              "responses": {"200": {"description": "The plan: trades, totals, do-not-buy-back dates, replacements, every lot's decision and why.", "content": {"application/json": {"schema": {"type": "object"}}}},
                "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "422": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/gains": {"get": {"operationId": "gains", "summary": "Realized gains row by row with each year's summary: `harvest gains --format json [--year]`.",
              "parameters": [{"name": "year", "in": "query", "required": false, "schema": {"type": "integer"}, "description": "Only this tax year."}],
              "responses": {"200": {"description": "{rows: [...], summaries: [...], warnings: [...]}; each row names its lot's and its disposal's source file and line.", "content": {"application/json": {"schema": {"type": "object"}}}},
                "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "422": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/gains/{year}/rows/{index}": {"get": {"operationId": "gainsRow", "summary": "One row of a year (0-based, in the order of /api/v1/gains?year=) with its source lines.",
              "parameters": [{"name": "year", "in": "path", "required": true, "schema": {"type": "integer"}}, {"name": "index", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 0}}],
              "responses": {"200": {"description": "The row's figures, tx ids and sources.", "content": {"application/json": {"schema": {"type": "object", "properties": {
                  "year": {"type": "integer"}, "index": {"type": "integer"}, "asset": {"type": "string"}, "wallet": {"type": "string"}, "quantity": {"$ref": "#/components/schemas/Decimal"},
                  "date_acquired": {"type": "string"}, "date_disposed": {"type": "string"}, "proceeds": {"$ref": "#/components/schemas/Decimal"},
                  "cost_basis": {"$ref": "#/components/schemas/Decimal"}, "adjustment": {"$ref": "#/components/schemas/Decimal"}, "gain": {"$ref": "#/components/schemas/Decimal"},
                  "term": {"type": "string"}, "lot_tx_id": {"type": "string"}, "disposal_tx_id": {"type": "string"},
                  "lot_source": {"$ref": "#/components/schemas/Source"}, "disposal_source": {"$ref": "#/components/schemas/Source"}}}}}},
                "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/problems": {"get": {"operationId": "problems", "summary": "What stands between you and a complete report: `harvest problems --format json`.",
              "responses": {"200": {"description": "[{kind, asset, wallet, quantity, first, last, effect, blocks_reports, price_date, explanation, commands, transactions}]", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}},
                "401": {"$ref": "#/components/responses/Unauthorized"}, "422": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/transfers": {"get": {"operationId": "transfers", "summary": "Matched transfers, unmatched deposits and withdrawals, and your decisions (`harvest transfers`).",
              "responses": {"200": {"description": "{matched, unmatched: [{status, date, from, to, asset, sent, received}], decisions: [{transaction, decision, created_at}], stale}", "content": {"application/json": {"schema": {"type": "object"}}}},
                "401": {"$ref": "#/components/responses/Unauthorized"}, "422": {"$ref": "#/components/responses/Error"}}}},
            "/api/v1/backtest": {"get": {"operationId": "backtest", "summary": "The backtest study on the stored prices of what is held: its chart (SVG) and figures, or why there is none.",
              "responses": {"200": {"description": "{note, summary: [lines], svg: string or null}", "content": {"application/json": {"schema": {"type": "object"}}}},
                "401": {"$ref": "#/components/responses/Unauthorized"}}}},
            "/api/v1/settings": {"get": {"operationId": "settings", "summary": "The stored settings and every key with its help (`harvest settings`).",
              "responses": {"200": {"description": "{stored: {key: value}, keys: {key: help}}", "content": {"application/json": {"schema": {"type": "object", "properties": {"stored": {"$ref": "#/components/schemas/Strings"}, "keys": {"$ref": "#/components/schemas/Strings"}}}}}},
                "401": {"$ref": "#/components/responses/Unauthorized"}}}},
            "/api/v1/profile": {"get": {"operationId": "profile", "summary": "The tax profile in force, under `harvest profile set`'s names.",
              "responses": {"200": {"description": "{filing, short-rate, long-rate, ...}", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Strings"}}}},
                "401": {"$ref": "#/components/responses/Unauthorized"}}}}
          }
        }

        """
}
