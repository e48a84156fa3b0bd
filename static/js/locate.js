/* "Use my location": fills a place field with the browser's latitude,longitude.
   Progressive enhancement: the button stays hidden without JavaScript or geolocation, and the
   form works the same without it. The position is rounded to 3 decimals (about 100 m), put
   only into the field the person then submits, and never stored or sent anywhere by this script.
   Messages come from the button's data-* attributes, so the template translates them. */
(function () {
  "use strict";
  if (!("geolocation" in navigator)) {
    return;
  }
  var buttons = document.querySelectorAll("button[data-locate-for]");
  Array.prototype.forEach.call(buttons, function (button) {
    var input = document.getElementById(button.getAttribute("data-locate-for"));
    var status = button.parentNode.querySelector(".locate-status");
    if (!input) {
      return;
    }
    function say(name) {
      if (status) {
        status.textContent = button.getAttribute("data-" + name) || "";
      }
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      say("finding");
      navigator.geolocation.getCurrentPosition(
        function (position) {
          input.value = position.coords.latitude.toFixed(3) + "," + position.coords.longitude.toFixed(3);
          input.removeAttribute("aria-invalid");
          button.disabled = false;
          say("found");
          input.focus();
        },
        function (error) {
          button.disabled = false;
          say(error && error.code === 1 ? "denied" : "failed");
        },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
      );
    });
  });
})();
