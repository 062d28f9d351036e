// grantsearch serve: optional keyboard help; every page works without it.
// "/" jumps to the search box (unless typing already); Ctrl+Enter in the
// draft box sends the precedents form.
document.addEventListener('keydown', function (e) {
  var t = e.target, typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' ||
                                   t.tagName === 'SELECT' || t.isContentEditable);
  if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
    var q = document.getElementById('q');
    if (q) { e.preventDefault(); q.focus(); q.select(); }
  } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && t && t.id === 'draft') {
    e.preventDefault();
    t.form.submit();
  }
});
