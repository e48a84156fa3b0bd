/* Type-ahead for place fields: fills the field's <datalist> from GET /api/places/.
   Progressive enhancement: without JavaScript the datalist stays empty and the form works as
   before. Coordinates (from "Use my location") are never sent: only typed names and ZIPs. */
(function () {
  "use strict";
  if (!window.fetch) {
    return;
  }
  var COORDINATES = /^[-+\d.\s]+,[-+\d.\s]+$/;
  var inputs = document.querySelectorAll("input[data-place-suggest][list]");
  Array.prototype.forEach.call(inputs, function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var endpoint = input.getAttribute("data-place-suggest");
    var timer = null;
    var asked = "";
    if (!list || !endpoint) {
      return;
    }
    function fill(results) {
      while (list.firstChild) {
        list.removeChild(list.firstChild);
      }
      results.forEach(function (place) {
        var option = document.createElement("option");
        option.value = place.kind === "zip" ? place.label.slice(0, 5) : place.label;
        option.label = place.label;
        list.appendChild(option);
      });
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var text = input.value.trim();
        if (text.length < 2 || text === asked || COORDINATES.test(text)) {
          return;
        }
        asked = text;
        fetch(endpoint + "?limit=8&q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (body) {
            if (input.value.trim() === text) {
              fill(body.results || []);
            }
          })
          .catch(function () {
            /* offline or refused: the field still works as plain text */
          });
      }, 150);
    });
  });
})();
