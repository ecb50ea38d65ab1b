/* Material for MkDocs' search worker, with two changes for readers of a Finnish site.
 *
 * 1. Inflected forms are found. Material makes every query term a prefix ("velvoittavat*", for search as
 *    you type), and lunr runs no stemmer on a term with a wildcard, so with a stemmed index (the site's
 *    search `pipeline` includes `stemmer`) "velvoittavat" found nothing. Here such a term is stemmed
 *    first and stays a prefix: "velvoittavat*" becomes "velvoittav*", which finds "velvoittava",
 *    "velvoittavia" and "velvoittaviksi". A stop word is left as typed.
 * 2. A page whose title is exactly the query comes first (an element named exactly as typed was sixth,
 *    after pages that mention the name more often).
 *
 * The refarch plugin serves this file beside Material's worker, puts that worker's file name in place of
 * MATERIAL_WORKER and points each page's search setting here. Everything else is Material's own worker,
 * loaded unchanged: in a browser's Worker, or in the iframe-worker shim when the site is opened from a
 * folder (there `importScripts` returns a promise and the document's URL is the page's). */
(function () {
  "use strict";
  var MATERIAL = "MATERIAL_WORKER";
  var QUERY = 2, RESULT = 3;           // Material's SearchMessageType
  var query = "";
  var stemmer = null;                  // the index's search pipeline, once Material has built the index

  addEventListener("message", function (event) {   // runs before Material's own listener
    if (event.data && event.data.type === QUERY) query = String(event.data.data || "");
  });

  var post = self.postMessage;
  self.postMessage = function (message) {
    if (message && message.type === RESULT && message.data && message.data.items)
      message.data.items = exactTitleFirst(message.data.items, query);
    return post.apply(self, arguments);
  };

  function plain(html) {
    return String(html || "").replace(/<[^>]*>/g, "").replace(/&amp;/g, "&").replace(/\s+/g, " ")
      .trim().toLowerCase();
  }

  /* Groups of results (one per page), those with a page titled exactly as the query first, in order. */
  function exactTitleFirst(groups, typed) {
    var wanted = plain(typed);
    if (!wanted) return groups;
    var exact = [], rest = [];
    groups.forEach(function (group) {
      var hit = group.some(function (item) { return item.location.indexOf("#") < 0 && plain(item.title) === wanted; });
      (hit ? exact : rest).push(group);
    });
    return exact.concat(rest);
  }

  function stemPrefixes(lunr) {
    var build = lunr.Builder.prototype.build;
    lunr.Builder.prototype.build = function () {
      stemmer = this.searchPipeline;
      return build.apply(this, arguments);
    };
    var parse = lunr.QueryParser.prototype.parse;
    lunr.QueryParser.prototype.parse = function () {
      var before = this.query.clauses.length;
      var result = parse.apply(this, arguments);
      this.query.clauses.slice(before).forEach(function (clause) {
        var prefix = /^([^*]+)\*$/.exec(clause.term);
        var stems = prefix && stemmer ? stemmer.runString(prefix[1]) : [];
        if (stems.length === 1 && stems[0]) clause.term = stems[0] + "*";
      });
      return result;
    };
  }

  var here = typeof document !== "undefined" ? document.querySelector("script[src]").src : self.location.href;
  Promise.resolve(importScripts(new URL(MATERIAL, here).href)).then(function () {
    stemPrefixes(self.lunr);
  });
})();
