/* loa search: reads the index loa writes into search/, only the parts a
   query needs, and shows the results. No dependencies, no server.
   Tokens and folding follow the same rules as loa's index (src/search/text.rs);
   both are tested against tests/search-cases.json. */
(function () {
  "use strict";

  var TOKEN = /[\p{Alphabetic}\p{N}\p{M}]+/gu;

  /* The tokens of a text: composed, lower-cased runs of letters, digits and marks. */
  function tokens(text) {
    return (text.normalize("NFC").match(TOKEN) || []).map(function (t) {
      return t.toLowerCase();
    });
  }

  /* A token without tone and vowel marks, with đ written d. */
  function fold(token) {
    return token
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toLowerCase();
  }

  /* The vocabulary file a folded token is listed in: its first two characters. */
  function shardKey(folded) {
    return Array.from(folded)
      .slice(0, 2)
      .map(function (c) {
        return /^[a-z0-9]$/.test(c) ? c : "_";
      })
      .join("");
  }

  /* The file of a folded token: itself, or "_" and the hex of its UTF-8 bytes. */
  function fileName(folded) {
    if (/^[a-z0-9]+$/.test(folded)) return folded;
    return "_" + Array.from(new TextEncoder().encode(folded))
      .map(function (b) {
        return b.toString(16).padStart(2, "0");
      })
      .join("");
  }

  /* Pages written as differences, with scores: [page, score, …]. */
  function decode(encoded) {
    var page = 0;
    var out = [];
    for (var i = 0; i < encoded.length; i += 2) {
      page += encoded[i];
      out.push(page, encoded[i + 1]);
    }
    return out;
  }

  /* The folded tokens a query token stands for: itself, or for the last
     token typed, the most common tokens it begins (search as you type). */
  function candidates(vocabulary, key, prefix) {
    if (!vocabulary) return [];
    if (!prefix) return vocabulary[key] ? [key] : [];
    return Object.keys(vocabulary)
      .filter(function (k) {
        return k.lastIndexOf(key, 0) === 0;
      })
      .sort(function (a, b) {
        return (a === key ? -1 : 0) - (b === key ? -1 : 0) || vocabulary[b][0] - vocabulary[a][0];
      })
      .slice(0, 5);
  }

  var exported = { tokens: tokens, fold: fold, shardKey: shardKey, fileName: fileName, candidates: candidates };
  window.loaSearch = exported;


  /* Ranks the pages holding every query token: first by adjacent pairs of
     the query found together (the phrase), then by tokens found with the
     diacritics typed, then by score (title and headings weigh more than
     the text). `index` holds what was fetched: `vocabulary` by key,
     `words` and `pairs` by folded token. */
  function rank(query, index, allowed) {
    var exact = tokens(query);
    var folded = exact.map(fold);
    var last = folded.length - 1;
    var pages = {};
    folded.forEach(function (key, i) {
      var prefix = i === last && key.length > 1;
      var accented = exact[i] !== key;
      candidates(index.vocabulary[shardKey(key)], key, prefix).forEach(function (token) {
        var variants = index.words[token] || {};
        Object.keys(variants).forEach(function (variant) {
          var postings = decode(variants[variant]);
          var hit = accented && (variant === exact[i] || (prefix && variant.lastIndexOf(exact[i], 0) === 0));
          for (var p = 0; p < postings.length; p += 2) {
            var page = postings[p];
            if (allowed && !allowed(page)) continue;
            var found = pages[page] || (pages[page] = { page: page, tokens: [], exact: 0, phrase: 0, score: 0 });
            var before = found.tokens[i] || { score: 0, exact: false };
            found.tokens[i] = { score: Math.max(before.score, postings[p + 1]), exact: before.exact || hit };
          }
        });
      });
    });
    for (var i = 0; i < last; i++) {
      var seconds = index.pairs[folded[i]] || {};
      var exactPair = exact[i] + " " + exact[i + 1];
      var prefix = i + 1 === last && folded[i + 1].length > 1;
      Object.keys(seconds)
        .filter(function (second) {
          return prefix ? second.lastIndexOf(folded[i + 1], 0) === 0 : second === folded[i + 1];
        })
        .forEach(function (second) {
          Object.keys(seconds[second]).forEach(function (variant) {
            var postings = decode(seconds[second][variant]);
            var bonus = variant.lastIndexOf(exactPair, 0) === 0 ? 2 : 1;
            for (var p = 0; p < postings.length; p += 2) {
              var found = pages[postings[p]];
              if (found) found.phrase += bonus;
            }
          });
        });
    }
    return Object.keys(pages)
      .map(function (k) {
        var found = pages[k];
        for (var t = 0; t < folded.length; t++) {
          var token = found.tokens[t];
          if (!token) return null;
          found.score += token.score;
          if (token.exact) found.exact += 1;
        }
        return found;
      })
      .filter(Boolean)
      .sort(function (a, b) {
        return b.phrase - a.phrase || b.exact - a.exact || b.score - a.score || a.page - b.page;
      });
  }

  /* Fetches what ranking `query` needs through `fetchJson(path)`, which
     gives a promise of the parsed file or null. */
  function gather(query, fetchJson) {
    var folded = tokens(query).map(fold);
    var last = folded.length - 1;
    var index = { vocabulary: {}, words: {}, pairs: {} };
    var keys = folded
      .map(shardKey)
      .filter(function (key, i, all) {
        return all.indexOf(key) === i;
      });
    return Promise.all(
      keys.map(function (key) {
        return fetchJson("v/" + key + ".json").then(function (vocabulary) {
          index.vocabulary[key] = vocabulary;
        });
      })
    ).then(function () {
      var wanted = [];
      folded.forEach(function (key, i) {
        var vocabulary = index.vocabulary[shardKey(key)];
        candidates(vocabulary, key, i === last && key.length > 1).forEach(function (token) {
          /* A token on few pages has its forms listed in the vocabulary. */
          if (vocabulary[token][2]) {
            index.words[token] = vocabulary[token][2];
            return;
          }
          wanted.push(fetchJson("w/" + fileName(token) + ".json").then(function (words) {
            index.words[token] = words;
          }));
        });
        if (i < last && vocabulary && vocabulary[key] && vocabulary[key][1]) {
          wanted.push(fetchJson("b/" + fileName(key) + ".json").then(function (pairs) {
            index.pairs[key] = pairs;
          }));
        }
      });
      return Promise.all(wanted).then(function () {
        return index;
      });
    });
  }
  exported.gather = gather;
  exported.rank = rank;

  function escape(text) {
    return text.replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  /* About thirty words of the text around the most query tokens, with the
     tokens found marked. */
  function snippet(text, query) {
    var wanted = tokens(query).map(fold);
    var lastWanted = wanted[wanted.length - 1] || "";
    var found = [];
    var match;
    var pattern = new RegExp(TOKEN.source, "gu");
    var composed = text.normalize("NFC");
    while ((match = pattern.exec(composed))) {
      var f = fold(match[0].toLowerCase());
      var hit = wanted.indexOf(f) >= 0 || (lastWanted.length > 1 && f.lastIndexOf(lastWanted, 0) === 0);
      found.push({ start: match.index, end: match.index + match[0].length, hit: hit });
    }
    var size = 30;
    var best = 0;
    var bestHits = -1;
    for (var s = 0; s < Math.max(1, found.length - size + 1); s += 5) {
      var hits = 0;
      for (var j = s; j < Math.min(found.length, s + size); j++) if (found[j].hit) hits++;
      if (hits > bestHits) {
        bestHits = hits;
        best = s;
      }
    }
    var window = found.slice(best, best + size);
    if (!window.length) return "";
    var out = best > 0 ? "… " : "";
    var at = window[0].start;
    window.forEach(function (token) {
      out += escape(composed.slice(at, token.start));
      var word = escape(composed.slice(token.start, token.end));
      out += token.hit ? "<mark>" + word + "</mark>" : word;
      at = token.end;
    });
    return out + (best + size < found.length ? " …" : "");
  }

  exported.snippet = snippet;

  var box = document.querySelector("[data-loa-search]");
  if (!box) return;
  var base = box.getAttribute("data-index");
  var input = box.querySelector("input[role=combobox]");
  var list = box.querySelector("[role=listbox]");
  var status = box.querySelector("[role=status]");
  var kindFilter = box.querySelector("select[name=kind]");
  var audienceFilter = box.querySelector("select[name=audience]");
  var words = {
    results: box.getAttribute("data-results"),
    none: box.getAttribute("data-none"),
    unavailable: box.getAttribute("data-unavailable")
  };
  var lang = document.documentElement.lang;
  var cache = {};

  function fetchJson(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (response) {
        return response.ok ? response.json() : null;
      });
    }
    return cache[path];
  }

  var meta = null;
  function loadMeta() {
    return fetchJson("meta.json").then(function (loaded) {
      if (loaded && !meta) {
        meta = loaded;
        fillFilter(kindFilter, meta.kinds);
        fillFilter(audienceFilter, meta.audiences);
      }
      return meta;
    });
  }

  function fillFilter(select, options) {
    if (!select) return;
    options.forEach(function (option, index) {
      var element = document.createElement("option");
      element.value = String(index);
      element.textContent = option[1];
      select.appendChild(element);
    });
    select.closest("label").hidden = options.length === 0;
  }

  var MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  function formatDate(iso) {
    if (!iso) return "";
    var parts = iso.split("-").map(Number);
    if (lang === "vi") {
      return "ngày " + String(parts[2]).padStart(2, "0") + " tháng " + parts[1] + " năm " + parts[0];
    }
    return parts[2] + " " + MONTHS_EN[parts[1] - 1] + " " + parts[0];
  }

  var SHOWN = 10;
  var asked = 0;

  function run() {
    var query = input.value.trim();
    var ask = ++asked;
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
    if (!tokens(query).length) {
      show([], query, ask);
      return;
    }
    loadMeta().then(function (meta) {
      if (!meta) {
        status.textContent = words.unavailable;
        return;
      }
      var kind = kindFilter && kindFilter.value !== "" ? Number(kindFilter.value) : null;
      var audience = audienceFilter && audienceFilter.value !== "" ? Number(audienceFilter.value) : null;
      var allowed = function (page) {
        var facts = meta.pages[page];
        return (kind === null || facts[0] === kind) && (audience === null || facts[1].indexOf(audience) >= 0);
      };
      gather(query, fetchJson).then(function (index) {
        var ranked = rank(query, index, allowed);
        Promise.all(
          ranked.slice(0, SHOWN).map(function (found) {
            return fetchJson("p/" + found.page + ".json");
          })
        ).then(function (fragments) {
          show(fragments.filter(Boolean), query, ask, ranked.length);
        });
      });
    });
  }

  function show(fragments, query, ask, total) {
    if (ask !== asked) return;
    list.innerHTML = "";
    fragments.forEach(function (page, i) {
      var item = document.createElement("li");
      item.setAttribute("role", "option");
      item.id = "loa-result-" + i;
      var kindLabel = (meta && meta.kinds.filter(function (k) { return k[0] === page.kind; })[0]) || [page.kind, page.kind];
      item.innerHTML =
        '<a href="' + escape(page.url) + '" tabindex="-1">' + escape(page.title) + "</a> " +
        '<span class="badge badge-' + escape(page.kind) + '">' + escape(kindLabel[1]) + "</span>" +
        (page.date ? ' <time datetime="' + escape(page.date) + '">' + escape(formatDate(page.date)) + "</time>" : "") +
        '<p class="snippet">' + snippet(page.text, query) + "</p>";
      list.appendChild(item);
    });
    var count = total || 0;
    input.setAttribute("aria-expanded", fragments.length ? "true" : "false");
    input.removeAttribute("aria-activedescendant");
    status.textContent = query ? (count ? words.results.replace("{count}", count) : words.none) : "";
  }

  var timer = 0;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 120);
  });
  [kindFilter, audienceFilter].forEach(function (select) {
    if (select) select.addEventListener("change", run);
  });
  input.addEventListener("focus", loadMeta, { once: true });

  /* Arrow keys move through the results; Enter opens the one chosen. */
  input.addEventListener("keydown", function (event) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) return;
    var current = input.getAttribute("aria-activedescendant");
    var index = -1;
    options.forEach(function (option, i) {
      if (option.id === current) index = i;
    });
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      index = event.key === "ArrowDown" ? Math.min(index + 1, options.length - 1) : Math.max(index - 1, 0);
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else if (event.key === "Enter" && index >= 0) {
      event.preventDefault();
      window.location.href = options[index].querySelector("a").href;
    } else if (event.key === "Escape") {
      input.value = "";
      run();
    }
  });

  var start = new URL(window.location.href).searchParams.get("q");
  if (start) {
    input.value = start;
    run();
  }
})();
