// Applies the reader's saved text size before the first paint (no layout shift).
try { if (localStorage.getItem("zhenggai-large-text") === "1") document.documentElement.classList.add("large"); } catch (e) {}
