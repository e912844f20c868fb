// Measure a page as laid out now: how far it overflows the viewport, table cells and stat
// tiles narrower than a word they hold (so the word breaks: "T/o/d/o"), ids used twice, and
// buttons: rows of unequal heights, secondary buttons stretched across a wide page, headings
// crowding the button above them.
() => {
  const probe = document.createElement("span");
  probe.style.cssText = "position:absolute;visibility:hidden;white-space:nowrap;";
  // Width of `word` in the font of `element` (the text's own parent: a <small> is smaller).
  const widthOf = (element, word) => {
    probe.textContent = word;
    element.appendChild(probe);
    const width = probe.getBoundingClientRect().width;
    probe.remove();
    return width;
  };
  // A word of letters and digits (names, states, "Submitted"); long addresses may wrap. A
  // hyphen is a place to break, so "Second-interview" is "Second-" and "interview".
  const plainWord = /^[\p{L}\p{N}'’.,:;()%/]{1,24}-?$/u;
  const wordsOf = (text) => text.split(/\s+/).flatMap((w) => w.match(/[^-]+-?/g) || []);
  const narrow = [];
  const check = (box, kind) => {
    if (!box.getClientRects().length) return;
    const style = getComputedStyle(box);
    const inner = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    let widest = { word: "", width: 0 };
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !parent.getClientRects().length || parent.closest(".visually-hidden")) continue;
      for (const word of wordsOf(node.textContent).filter((w) => plainWord.test(w))) {
        const width = widthOf(parent, word);
        if (width > widest.width) widest = { word, width };
      }
    }
    if (inner + 1 < widest.width) {
      narrow.push(`${kind} "${widest.word}" needs ${Math.ceil(widest.width)}px, has ${Math.floor(inner)}px`);
    }
  };
  document.querySelectorAll("main td, main th").forEach((cell) => check(cell, "cell"));
  document.querySelectorAll(".stat").forEach((tile) => check(tile, "tile"));
  document.querySelectorAll(".card > *, .card-link > *").forEach((part) => check(part, "card"));
  const seen = new Map();
  document.querySelectorAll("[id]").forEach((element) => {
    seen.set(element.id, (seen.get(element.id) || 0) + 1);
  });
  const visible = (e) => e.getClientRects().length && getComputedStyle(e).visibility !== "hidden";
  const buttonLike = "button, [role=button], a.small, input[type=submit]";
  const uneven = [];
  document.querySelectorAll("main .row-actions").forEach((row) => {
    const heights = [...row.querySelectorAll(buttonLike)].filter(visible)
      .map((b) => Math.round(b.getBoundingClientRect().height));
    if (heights.length > 1 && Math.max(...heights) - Math.min(...heights) > 1) {
      uneven.push(`${row.innerText.replace(/\s+/g, " ").slice(0, 40)}: ${heights.join("/")}px`);
    }
  });
  const main = document.querySelector("main");
  const giants = window.innerWidth < 1024 || !main ? [] : [...main.querySelectorAll("button.secondary")]
    .filter((b) => visible(b) && b.getBoundingClientRect().width > main.clientWidth * 0.5)
    .map((b) => b.innerText.trim());
  const buttons = [...document.querySelectorAll(`main :is(${buttonLike})`)].filter(visible);
  const crowded = [];
  document.querySelectorAll("main :is(h2, h3)").forEach((heading) => {
    if (!visible(heading)) return;
    const above = buttons.filter((b) => b.compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_FOLLOWING).pop();
    if (!above) return;
    const gap = heading.getBoundingClientRect().top - above.getBoundingClientRect().bottom;
    if (gap >= -1 && gap < 16) crowded.push(`"${heading.innerText.trim()}" ${Math.round(gap)}px below "${above.innerText.trim()}"`);
  });
  // Every data table scrolls inside its own .table-wrap, never the page (a layout table, as
  // the leave-behind's 30/60/90 columns, says role=presentation and is measured by width).
  const unwrapped = [...document.querySelectorAll("main table")]
    .filter((table) => visible(table) && !table.closest(".table-wrap") && table.getAttribute("role") !== "presentation")
    .map((table) => (table.caption ? table.caption.innerText : table.innerText).trim().slice(0, 40));
  return {
    uneven, giants, crowded, unwrapped,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    narrow: narrow.slice(0, 5),
    duplicateIds: [...seen].filter(([, count]) => count > 1).map(([id]) => id),
  };
}
