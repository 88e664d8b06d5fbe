/*
 * The book's search page, on top of Sphinx's searchtools.js (loaded just before, see
 * book/_templates/search.html).
 *
 * - Accent-insensitive: the query is folded (accents and ligatures removed) before Sphinx stems it;
 *   the index holds the folded form of every word (lda_analysis.book_build.sphinx_book.fold_accents, same rule),
 *   so « menages » and « ménages » find the same pages. The words as typed are still highlighted.
 * - Figures: Sphinx leaves the numbers of a query out; they are searched too (a whole number: « 37 »
 *   does not match « 2037 »).
 * - The summary under a result is the table row or the paragraph that holds the words searched: a
 *   row reads « Caption — first cell · Column : value · … », never the cells glued together; a
 *   row comes before a paragraph that holds as many of the words.
 *
 * Text from the pages is put in the summary as text (textContent), never as HTML.
 */
"use strict";
(() => {
  if (typeof Search === "undefined") return;

  const LIGATURES = { "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE" };
  const fold = (text) =>
    text
      .replace(/[œŒæÆ]/g, (letter) => LIGATURES[letter])
      .normalize("NFD")
      .replace(/\p{Mn}/gu, "")
      .normalize("NFC");
  // Folded letter by letter, so that a position in the folded text is a position in the text.
  const foldInPlace = (text) =>
    [...text]
      .map((letter) => {
        const folded = fold(letter);
        return folded.length === letter.length ? folded : letter;
      })
      .join("");

  // Sphinx leaves the numbers of a query out; the index holds them (each cell of a table apart), so
  // « 37 » or « ménages 37 » finds the pages that show that figure.
  const isNumber = (term) => /^\d+$/.test(term);
  const parseQuery = Search._parseQuery;
  Search._parseQuery = (query) => {
    const folded = parseQuery(fold(query));
    const asTyped = parseQuery(query); // last: Sphinx keeps its words to highlight on the page
    splitQuery(query.trim()).filter(isNumber).forEach((number) => {
      folded[1].add(number);
      asTyped[3].add(number);
    });
    // [query, searchTerms, excludedTerms, highlightTerms, objectTerms]
    return [asTyped[0], folded[1], folded[2], asTyped[3], asTyped[4]];
  };
  // A number searched is required, as a whole: Sphinx requires only the terms of 3 letters or more
  // (« ménages 37 » listed every page with « ménages ») and matches a part of a word (« 160 » in
  // « 1600 »).
  const performTermsSearch = Search.performTermsSearch;
  Search.performTermsSearch = (searchTerms, excludedTerms) => {
    const results = performTermsSearch(searchTerms, excludedTerms);
    const numbers = [...searchTerms].filter(isNumber);
    if (!numbers.length) return results;
    const { terms, titleterms, docnames } = Search._index;
    const shows = (file, number) =>
      [terms[number], titleterms[number]].some(
        (files) => files === file || (Array.isArray(files) && files.includes(file))
      );
    return results.filter((result) => numbers.every((number) => shows(docnames.indexOf(result[0]), number)));
  };

  // Where ``term`` (folded, lower case) is in ``text`` (folded, lower case), from ``from``: a word's
  // stem anywhere (« accompagn » in « accompagnés »), a number only as a whole (« 37 », not « 2037 »).
  const find = (text, term, from = 0) => {
    if (!isNumber(term)) return text.indexOf(term, from);
    const found = new RegExp(`(?<![\\p{N}])${term}(?![\\p{N}])`, "gu");
    found.lastIndex = from;
    const match = found.exec(text);
    return match ? match.index : -1;
  };

  const CELLS = "th, td";
  // The page's title (h1) is the result's link already: not a summary.
  const BLOCKS = "p, li, dt, dd, h2, h3, h4, h5, h6, caption, figcaption, pre";
  const words = (element) => element.textContent.replace(/\s+/g, " ").trim();

  const mainContent = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    for (const removed of [".headerlink", "script", "style", ".visually-hidden"]) {
      page.querySelectorAll(removed).forEach((element) => element.remove());
    }
    return (
      (anchor && page.querySelector(`[role="main"] ${anchor}`)) ||
      page.querySelector('[role="main"]')
    );
  };

  // A table row as a sentence: its caption, its first cell, then each other cell named by its column.
  const rowText = (row) => {
    const cells = [...row.querySelectorAll(CELLS)].map(words);
    const table = row.closest("table");
    const headerRow = table && row.parentElement.tagName !== "THEAD" && table.querySelector("thead tr");
    const headers = headerRow ? [...headerRow.querySelectorAll(CELLS)].map(words) : [];
    const named = cells.map((cell, rank) =>
      rank > 0 && headers.length === cells.length && headers[rank] ? `${headers[rank]} : ${cell}` : cell
    );
    const caption = table && table.querySelector("caption");
    const head = named.filter((cell) => cell).join(" · ");
    return caption ? `${words(caption)} — ${head}` : head;
  };

  // Each table row, and each paragraph, item or title outside tables that holds no other block, as
  // [text, is a row].
  const blocksOf = (root) => {
    const found = [];
    root.querySelectorAll(`tr, ${BLOCKS}`).forEach((element) => {
      if (element.tagName === "TR") found.push([rowText(element), true]);
      else if (!element.closest("tr") && !element.querySelector(`${BLOCKS}, table`))
        found.push([words(element), false]);
    });
    return found.filter(([text]) => text);
  };

  const LENGTH = 240;
  const excerpt = (text, position) => {
    if (text.length <= LENGTH + 60) return text;
    const start = Math.max(0, Math.min(position - 80, text.length - LENGTH));
    return (start > 0 ? "…" : "") + text.substr(start, LENGTH).trim() + (start + LENGTH < text.length ? "…" : "");
  };

  // The summary, with the words that hold a search term (accents or not) highlighted.
  const summaryElement = (text, keywords) => {
    const summary = document.createElement("p");
    summary.classList.add("context");
    const folded = foldInPlace(text).toLowerCase();
    const marks = [];
    keywords.forEach((keyword) => {
      for (let at = find(folded, keyword); at > -1; at = find(folded, keyword, at + 1)) {
        marks.push([at, at + keyword.length]);
      }
    });
    marks.sort((a, b) => a[0] - b[0]);
    let position = 0;
    for (const [start, end] of marks) {
      if (start < position) continue;
      let last = end;
      while (last < text.length && /[\p{L}\p{N}]/u.test(text[last])) last += 1;
      summary.append(text.slice(position, start));
      const mark = summary.appendChild(document.createElement("span"));
      mark.classList.add("highlighted");
      mark.textContent = text.slice(start, last);
      position = last;
    }
    summary.append(text.slice(position));
    return summary;
  };

  const summaryOfSphinx = Search.makeSearchSummary;
  Search.makeSearchSummary = (htmlString, keywords, anchor) => {
    const root = mainContent(htmlString, anchor);
    if (!root) return summaryOfSphinx(htmlString, keywords, anchor);
    const terms = [...keywords].map((keyword) => fold(keyword).toLowerCase()).filter((term) => term);
    // The block that holds the most terms searched; a table row before a paragraph that holds as many.
    let best = null;
    let bestScore = 0;
    for (const [text, isRow] of blocksOf(root)) {
      const folded = foldInPlace(text).toLowerCase();
      const count = terms.filter((term) => find(folded, term) > -1).length;
      const score = count && 2 * count + (isRow ? 1 : 0);
      if (score > bestScore) [best, bestScore] = [text, score];
      if (score === 2 * terms.length + 1) break;
    }
    if (best === null) return summaryOfSphinx(htmlString, keywords, anchor);
    const folded = foldInPlace(best).toLowerCase();
    const first = Math.min(...terms.map((term) => find(folded, term)).filter((at) => at > -1));
    const shown = excerpt(best, first);
    return summaryElement(shown, terms);
  };

  // Sphinx's own summary (a page without blocks) with the cells of a table apart.
  const htmlToText = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(`${CELLS}, ${BLOCKS}`).forEach((element) => element.append(" "));
    return htmlToText(page.documentElement.outerHTML, anchor);
  };
})();
