/**
 * The reference page's script: filters the code cards as the user types (every word must appear in
 * the code, phrase, message, meaning, usage or headers), hides empty classes, keeps `?q=` in the URL.
 */
export const PAGE_SCRIPT = `
(function () {
  var input = document.getElementById('q');
  var count = document.getElementById('count');
  var empty = document.getElementById('empty');
  var cards = Array.prototype.slice.call(document.querySelectorAll('article[data-text]'));
  var sections = Array.prototype.slice.call(document.querySelectorAll('section[data-class]'));
  function apply() {
    var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    cards.forEach(function (card) {
      var text = card.getAttribute('data-text');
      var match = words.every(function (w) { return text.indexOf(w) !== -1; });
      card.hidden = !match;
      if (match) shown++;
    });
    sections.forEach(function (s) { s.hidden = !s.querySelector('article:not([hidden])'); });
    count.textContent = shown === 1 ? '1 code' : shown + ' codes';
    empty.hidden = shown !== 0;
    var url = new URL(location.href);
    if (input.value) url.searchParams.set('q', input.value); else url.searchParams.delete('q');
    history.replaceState(null, '', url);
  }
  var initial = new URL(location.href).searchParams.get('q');
  if (initial) input.value = initial;
  input.addEventListener('input', apply);
  document.addEventListener('keydown', function (e) {
    if (e.key === '/' && document.activeElement !== input) { e.preventDefault(); input.focus(); }
    if (e.key === 'Escape' && document.activeElement === input) { input.value = ''; apply(); }
  });
  apply();
})();
`.trim();
