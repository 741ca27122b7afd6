// Applies the reader's saved text size and contrast before the first paint (no layout shift).
try {
  var saved = document.documentElement.classList;
  if (localStorage.getItem("zhenggai-large-text") === "1") saved.add("large");
  if (localStorage.getItem("zhenggai-high-contrast") === "1") saved.add("contrast");
} catch (e) {}
