// Measure a page as laid out now: how far it overflows the viewport, table cells and stat
// tiles narrower than a word they hold (so the word breaks: "T/o/d/o"), and ids used twice.
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
  return {
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    narrow: narrow.slice(0, 5),
    duplicateIds: [...seen].filter(([, count]) => count > 1).map(([id]) => id),
  };
}
