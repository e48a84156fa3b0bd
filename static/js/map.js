/* Draws the clinics of the page on a Leaflet map, once the map's place is on screen.
   The data comes from a json_script block (#map-points); the list never depends on this.
   Leaflet (its URL in data-leaflet-src) is fetched only when the map is about to be seen, so
   it costs nothing to a visitor who reads the list; without tiles the map hides itself again. */
(function () {
  "use strict";
  var data = document.getElementById("map-points");
  var box = document.getElementById("results-map");
  if (!data || !box || !box.dataset.leafletSrc || navigator.onLine === false) {
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
  var labels = {
    away: box.dataset.awayLabel || "mi away",
    marker: box.dataset.markerLabel || "Show {name} on the map"
  };

  function loadLeaflet(done) {
    if (window.L) {
      done();
      return;
    }
    var script = document.createElement("script");
    script.src = box.dataset.leafletSrc;
    script.onload = done;
    script.onerror = function () {
      box.hidden = true;
    };
    document.head.appendChild(script);
  }

  function draw() {
    var L = window.L;
    var map = L.map(box, { scrollWheelZoom: false, zoomControl: false });
    // Leaflet's zoom-out sign is U+2212, which axe cannot check for contrast (pa11y calls
    // that an error): an ASCII hyphen reads the same in the control's monospace font.
    L.control.zoom({ zoomOutText: '<span aria-hidden="true">-</span>' }).addTo(map);
    var tilesLoaded = 0;
    var tiles = L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
      subdomains: "abc",
      maxZoom: 19,
      // The site sends no Referer anywhere else; OpenStreetMap's tile policy asks for the origin.
      referrerPolicy: "strict-origin-when-cross-origin",
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    });
    tiles.on("tileload", function () {
      tilesLoaded += 1;
    });
    tiles.on("tileerror", function () {
      // No tile at all (offline, blocked): a grey box with pins helps nobody; the list is there.
      window.setTimeout(function () {
        if (!tilesLoaded) {
          map.remove();
          box.hidden = true;
        }
      }, 3000);
    });
    tiles.addTo(map);

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
        popup.appendChild(document.createTextNode(p.distance + " " + labels.away));
      }
      var name = labels.marker.replace("{name}", p.name);
      var marker = L.marker([p.lat, p.lng], { title: name, alt: name, riseOnHover: true });
      marker.on("add", function () {
        // An accessible name on the role="button" image, whatever the screen reader makes of alt.
        marker.getElement().setAttribute("aria-label", name);
      });
      marker.addTo(map).bindPopup(popup);
      bounds.push([p.lat, p.lng]);
    });
    if (bounds.length === 1) {
      map.setView(bounds[0], 14);
    } else {
      map.fitBounds(bounds, { padding: [32, 32], maxZoom: 14 });
    }
  }

  // Take the map's place now, while the page loads: unhiding it on scroll would push what lies
  // below down by its height just as a visitor reaches it (a tap on "Report a problem" landed
  // on something else at phone width). Only Leaflet itself waits until the map is near.
  box.hidden = false;

  function start() {
    loadLeaflet(draw);
  }

  if (!("IntersectionObserver" in window)) {
    start();
    return;
  }
  var observer = new IntersectionObserver(
    function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        observer.disconnect();
        start();
      }
    },
    { rootMargin: "200px 0px" }
  );
  observer.observe(box);
})();
