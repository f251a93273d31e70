/// The pandoc template of every page of the HTML edition: a header with the
/// book's name and the previous/next links, the page's sections beside the
/// text on wide screens (above it on narrow ones), and no scripts.
///
/// Variables: `title` (escaped by pandoc); `page` (the file's name, a class
/// of `body`); `previous-href`, `previous-title`, `next-href`, `next-title`
/// (already escaped by `SiteBuilder`); `contents-link` and `ledger-link` when
/// the header should offer them; `toc` when pandoc made a table of contents.
enum SiteTemplate {
    static let html = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="generator" content="BookBuilder --html, with pandoc">
    <title>$title$ · Deep Generative Models</title>
    <link rel="stylesheet" href="style.css">
    </head>
    <body class="page-$page$">
    <header class="site-header">
    <a class="book-name" href="index.html">Deep Generative Models</a>
    <nav class="pager" aria-label="Pages">
    $if(previous-href)$<a rel="prev" href="$previous-href$">← $previous-title$</a>$endif$
    $if(contents-link)$<a href="index.html">Contents</a>$endif$
    $if(ledger-link)$<a href="ledger.html">Ledger of checks</a>$endif$
    $if(next-href)$<a rel="next" href="$next-href$">$next-title$ →</a>$endif$
    </nav>
    </header>
    <div class="layout">
    $if(toc)$
    <nav class="sections" aria-label="Sections of this page">
    <p class="sections-title">On this page</p>
    $table-of-contents$
    </nav>
    $endif$
    <main>
    <h1>$title$</h1>
    $body$
    </main>
    </div>
    <footer class="site-footer">
    <nav class="pager" aria-label="Pages">
    $if(previous-href)$<a rel="prev" href="$previous-href$">← $previous-title$</a>$endif$
    $if(contents-link)$<a href="index.html">Contents</a>$endif$
    $if(next-href)$<a rel="next" href="$next-href$">$next-title$ →</a>$endif$
    </nav>
    <p>Every page is the output of a Swift program; every ✓ is a check that ran while it was written.</p>
    </footer>
    </body>
    </html>

    """
}
