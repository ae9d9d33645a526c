// Placeholder entry point; the document list and editor replace it.
document.documentElement.dataset.quire = 'ready';
