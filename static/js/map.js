/* Draws the clinics of the page on a Leaflet map when the browser is online.
   The data comes from a json_script block (#map-points); the list never depends on this. */
(function () {
  "use strict";
  var data = document.getElementById("map-points");
  var box = document.getElementById("results-map");
  if (!data || !box || !window.L || navigator.onLine === false) {
    return;
  }
  var points;
  try {
    points = JSON.parse(data.textContent);
  } catch (error) {
    return;
  }
  points = points.filter(function (p) {
    return typeof p.lat === "number" && typeof p.lng === "number";
  });
  if (!points.length) {
    return;
  }
  box.hidden = false;
  var map = L.map(box, { scrollWheelZoom: false });
  L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
    subdomains: "abc",
    maxZoom: 19,
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
  }).addTo(map);

  var bounds = [];
  points.forEach(function (p) {
    // Built with DOM nodes, not HTML strings, so a clinic name can never inject markup.
    var popup = document.createElement("div");
    var title = document.createElement(p.url ? "a" : "strong");
    title.textContent = p.name;
    if (p.url) {
      title.href = p.url;
    }
    popup.appendChild(title);
    if (p.distance !== null && p.distance !== undefined) {
      popup.appendChild(document.createElement("br"));
      popup.appendChild(document.createTextNode(p.distance + " mi away"));
    }
    L.marker([p.lat, p.lng], { title: p.name, alt: p.name }).addTo(map).bindPopup(popup);
    bounds.push([p.lat, p.lng]);
  });
  if (bounds.length === 1) {
    map.setView(bounds[0], 14);
  } else {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
  }
})();
