/// The HTML edition's one stylesheet, written to `style.css`.
///
/// Prose keeps a readable line (about 70 characters); tables and listings
/// may be wider than the prose and scroll sideways rather than overflow;
/// figures shrink to the column. Check marks are coloured so a page's
/// verdicts read at a glance, and the row a ledger link points at is lit.
/// Listing colours follow the class names pandoc's highlighter writes.
enum SiteStylesheet {
    static let css = """
    :root {
      --text: #1d1d1f; --muted: #5f6368; --rule: #d9dce1; --paper: #ffffff; --panel: #f6f7f9;
      --accent: #1f5fa8; --pass: #17803d; --pass-bg: #e3f4e8; --fail: #b3261e; --fail-bg: #fde7e6; --target: #fff4c2;
    }
    * { box-sizing: border-box; }
    html { font-size: 17px; }
    body { margin: 0; color: var(--text); background: var(--paper);
           font-family: "DejaVu Serif", "Georgia", serif; line-height: 1.55; }
    a { color: var(--accent); text-decoration: none; }
    a:hover { text-decoration: underline; }

    .site-header, .site-footer { font-family: "DejaVu Sans", "Helvetica", sans-serif; font-size: 0.85rem;
           background: var(--panel); border-bottom: 1px solid var(--rule); padding: 0.6rem 1.5rem;
           display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: baseline; justify-content: space-between; }
    .site-footer { border-top: 1px solid var(--rule); border-bottom: none; margin-top: 3rem; display: block; color: var(--muted); }
    .book-name { font-weight: bold; color: var(--text); }
    .pager { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; }

    .layout { display: flex; align-items: flex-start; gap: 2.5rem; max-width: 78rem; margin: 0 auto; padding: 0 1.5rem; }
    main { flex: 1; min-width: 0; max-width: 52rem; }
    main > p, main > ul, main > ol, main > blockquote, main > h2, main > h3 { max-width: 40rem; }
    main > p:has(> math[display="block"]) { max-width: none; }
    .layout:not(:has(.sections)) main { margin: 0 auto; max-width: 42rem; }
    .sections { position: sticky; top: 1rem; flex: 0 0 15rem; max-height: calc(100vh - 2rem); overflow-y: auto;
           font-family: "DejaVu Sans", "Helvetica", sans-serif; font-size: 0.8rem; padding-top: 2.2rem; }
    .sections-title { font-weight: bold; color: var(--muted); margin: 0 0 0.4rem; }
    .sections ul { list-style: none; padding-left: 0; margin: 0; }
    .sections ul ul { padding-left: 0.9rem; }
    .sections li { margin: 0.3rem 0; }
    @media (max-width: 62rem) {
      .layout { display: block; }
      .sections { position: static; max-height: none; border-bottom: 1px solid var(--rule); padding: 1rem 0; }
    }

    h1 { font-size: 1.9rem; line-height: 1.25; margin: 2rem 0 1rem; }
    h2 { font-size: 1.35rem; margin: 2.4rem 0 0.8rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.2rem; }
    h3 { font-size: 1.1rem; margin: 1.8rem 0 0.6rem; }
    blockquote { margin: 1rem 0; padding: 0.4rem 1rem; border-left: 4px solid var(--accent); background: var(--panel); }
    hr { border: none; border-top: 1px solid var(--rule); margin: 2rem 0; }

    /* A display wider than the column scrolls; the shadow at its edge says there is more. */
    math[display="block"] { display: block; margin: 0.9rem 0; overflow-x: auto; overflow-y: hidden; padding: 0.2rem 0;
      background: linear-gradient(to right, var(--paper) 30%, rgba(255,255,255,0)) left / 2rem 100% no-repeat local,
                  linear-gradient(to left, var(--paper) 30%, rgba(255,255,255,0)) right / 2rem 100% no-repeat local,
                  radial-gradient(farthest-side at 0 50%, rgba(0,0,0,.18), transparent) left / 0.7rem 100% no-repeat scroll,
                  radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,.18), transparent) right / 0.7rem 100% no-repeat scroll; }
    p:has(> math[display="block"]) + p:has(> math[display="block"]) { margin-top: -0.6rem; }
    math { font-family: "Latin Modern Math", "STIX Two Math", "DejaVu Math TeX Gyre", math; font-size: 1.05em; }
    math[display="block"] { font-size: 1em; }

    figure { margin: 1.5rem 0 0.3rem; }
    figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; border: 1px solid var(--rule); }
    figure { margin-bottom: 1.5rem; }
    figcaption { font-size: 0.9rem; color: var(--muted); margin-top: 0.5rem; text-align: center; font-style: italic; }
    figcaption p { margin: 0; }
    figure > p { margin: 0.2rem 0 0; text-align: center; font-family: "DejaVu Sans", sans-serif; font-size: 0.75rem; }
    .table-caption { display: block; font-family: "DejaVu Sans", "Helvetica", sans-serif; font-size: 0.85rem; font-weight: 600;
      color: var(--muted); margin: 1.4rem 0 -0.6rem; }
    .table-caption p { margin: 0; }

    table { border-collapse: collapse; margin: 1rem 0; font-size: 0.82rem; line-height: 1.4;
            display: block; max-width: 100%; overflow-x: auto; font-family: "DejaVu Sans", "Helvetica", sans-serif; }
    th, td { border-bottom: 1px solid var(--rule); padding: 0.3rem 0.55rem; vertical-align: top; }
    th { text-align: left; background: var(--panel); font-weight: 600; }
    td { font-variant-numeric: tabular-nums; }
    .checks table, table.checks { border-left: 3px solid var(--pass); }
    .checks td:last-child { color: var(--muted); min-width: 14rem; }
    .checks td:nth-child(2) { min-width: 14rem; }
    .pass, .fail, .shown { display: inline-block; min-width: 1.5em; text-align: center; border-radius: 0.75em; font-weight: bold; }
    .pass { color: var(--pass); background: var(--pass-bg); }
    .fail { color: var(--fail); background: var(--fail-bg); }
    .shown { color: var(--muted); }
    .checks td:first-child { width: 2.2rem; }
    .checks td:nth-child(3), .checks td:nth-child(4) { white-space: nowrap; }
    .page-ledger main { max-width: none; }
    .page-ledger table { display: table; width: 100%; }
    .page-ledger td:nth-child(4), .page-ledger td:nth-child(5), .page-ledger td:nth-child(6) { white-space: nowrap; }
    .page-ledger h2 + table, .page-ledger h3 + table { margin-top: 0.4rem; }
    .page-ledger td:nth-child(7) { color: var(--muted); }
    .pass-count { color: var(--pass); font-weight: bold; }
    .fail-count { color: var(--fail); font-weight: bold; }
    tr:has(.fail) { background: var(--fail-bg); }
    tr:has(:target), tr:target { background: var(--target); outline: 2px solid #e0b800; }
    .checks:has(.fail) table { border-left-color: var(--fail); }

    pre, code { font-family: "DejaVu Sans Mono", "Menlo", monospace; font-size: 0.8rem; }
    pre { background: var(--panel); border: 1px solid var(--rule); border-radius: 4px; padding: 0.8rem 1rem;
          overflow-x: auto; line-height: 1.45; }
    p code, li code, td code { background: var(--panel); padding: 0.05rem 0.25rem; border-radius: 3px; overflow-wrap: anywhere; }
    pre > code.sourceCode > span { display: inline; }
    pre > code.sourceCode > span > a:first-child::before { text-decoration: none; }
    code span.kw, code span.cf { color: #8e2e9e; }
    code span.dt { color: #1f6f8b; }
    code span.dv, code span.fl, code span.bn { color: #b35c00; }
    code span.st, code span.ch, code span.ss { color: #2b7a2b; }
    code span.co { color: #70757a; font-style: italic; }
    code span.fu { color: #1f5fa8; }
    code span.at, code span.pp { color: #9a6700; }
    code span.op { color: #444; }
    """
}
