"use strict";
(function () {
  var form = document.getElementById("filters");
  var counter = document.getElementById("shown-count");
  function checked(name) {
    var values = new Set();
    form.querySelectorAll("input[name='" + name + "']:checked").forEach(function (input) {
      values.add(input.value);
    });
    return values;
  }
  function apply() {
    var types = checked("type");
    var parties = checked("party");
    var shown = 0;
    document.querySelectorAll("[data-type][data-parties]").forEach(function (element) {
      var inParty = element.dataset.parties.split(" ").some(function (p) { return parties.has(p); });
      var visible = types.has(element.dataset.type) && inParty;
      element.hidden = !visible;
      if (visible && element.tagName === "ARTICLE") { shown += 1; }
    });
    document.querySelectorAll(".party-lane").forEach(function (lane) {
      lane.hidden = !parties.has(lane.dataset.party);
    });
    counter.textContent = shown + " event(s) shown";
  }
  form.addEventListener("change", apply);
  apply();
})();
