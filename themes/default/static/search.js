// Site search in the browser, over the static index generator/search.py writes (its module
// docstring describes the files). A query fetches meta.json, the shards of its terms,
// order.bin, then for the candidates in the order they are shown, until there are enough
// results: the bucket that gives each one's URL, and its page, whose text says whether it
// holds the query and gives the excerpt (and which the browser then has when the resident
// taps the result). No library; loaded as a module, so a browser too old to run it keeps the
// links to the sections instead.
//
// Residents' phones run old engines (Android 7-10 WebViews that never update, UC and QQ on older
// Chromium kernels, iOS 12-14): the target is Chrome 69 and iOS 12. So no syntax newer than
// theirs (a syntax error kills the whole file there: no ??, no ?.), and no newer methods
// (matchAll, replaceChildren, at() threw on every query); tests/test_old_browsers.py plays such
// an engine. The form is shown only once everything below has run, so an engine that stops
// part way keeps the links.
const form = document.getElementById("search");
const input = document.getElementById("q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");

const INDEX = form.dataset.index; // the index folder under the site's base path
const BASE = form.dataset.base; // the site's base path: documents' URLs are relative to it
const SHOWN = 30; // results shown at most
const BATCH = 10; // candidates whose pages are fetched together
const CHECKED = 150; // candidates checked at most for one query
const AROUND = 40; // characters of context before the first match in an excerpt
const EXCERPT = 140; // characters in an excerpt

// The terms of generator/search.py: runs of CJK characters, and words of letters and digits
// (full-width ones folded to ASCII, lowercased).
const CJK = "\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{3134f}";
const TOKEN = new RegExp(`([${CJK}]+)|([0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+)`, "gu");
// A page's document as generator/search.py's extract() reads it (keep the two in step):
// the element marked data-search-body less those marked data-search-ignore, block elements
// apart and inline ones joined, a line break between two CJK characters dropped, whitespace
// (Python's: str.split() without arguments) collapsed; the title is the first h1's text,
// followed by the page's kind (data-search-kind: 社区活动), or the kind first with no h1.
const MARK = "data-search-body", IGNORE = "data-search-ignore", KIND = "data-search-kind";
const BLOCK = new Set(("address article aside blockquote br dd details dialog div dl dt figcaption figure footer " +
  "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td " +
  "tfoot th thead tr ul").split(" "));
const SKIP = new Set(["script", "style", "template", "noscript", "svg"]);
const SPACE = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"; // str.isspace()
const SPACES = new RegExp(`[${SPACE}]+`);
// No lookbehind (Safari before 16.4 has none): the CJK character before is put back.
const SOFT_BREAK = new RegExp(`([${CJK}])[ \\t]*\\n[${SPACE}]*(?=[${CJK}])`, "gu");
// Words that only ask or fill, which voice input and questions bring (我想问一下停水的事情, 嗯，
// 义诊, 法律咨询在哪里, 明天停不停水): no page holds them, so such a query found nothing. A query
// that finds nothing as typed is tried again without them (see plain()); simplified and
// traditional forms, longer ones first where one holds another.
const ASKING = new RegExp(("我想问一下 我想问问 我想问 想问一下 请问一下 问一下 请问 我想知道 我想了解 我想查 我要查 " +
  "帮我查 查一下 我想找 我要找 帮我找 找一下 搜一下 看一下 什么时候 啥时候 什么时间 哪一天 哪天 几月几号 几号 " +
  "几点 星期几 周几 礼拜几 在哪里 在哪儿 在哪 哪里 哪儿 怎么办 怎么样 怎么 如何 为什么 是什么 什么 多少钱 多少 " +
  "多久 有没有 有什么 有哪些 有啥 是不是 能不能 可不可以 可以吗 可以 今天 明天 后天 最近 那个 就是 " +
  "我想問一下 我想問問 我想問 想問一下 請問一下 問一下 請問 我想瞭解 幫我查 幫我找 什麼時候 什麼時間 幾月幾號 " +
  "幾號 幾點 星期幾 週幾 禮拜幾 在哪裡 在哪兒 哪裡 哪兒 怎麼辦 怎麼樣 怎麼 為什麼 是什麼 什麼 多少錢 有沒有 " +
  "有什麼 是不是 能不能 後天 那個").split(" ").join("|"), "g");
// 停不停水, 有没有: asked as "X not X"; X is what is asked about.
const EITHER = new RegExp(`([${CJK}])[不没沒]\\1`, "gu");
// Fillers before a part of the query and particles after one (停水了吗？, 停水的事情). After what
// is asked about, 时间 and 地点 only ask too (停水时间, 义诊地点在哪): the notice that answers
// says 11月24日 and 锦江苑, not 时间, while a page may hold 停水 and 时间 apart by chance (a lift
// notice filed under 停水停电, "检验时间如有变动"). So does 坏了 (东区路灯坏了): the page that
// answers says 路灯维修 or 损坏. Only at the end of a run: 时间银行 is a name.
const LEADING = new RegExp(`(^|[^${CJK}])[嗯呃啊哦喔唉诶欸喂]+`, "gu");
const TRAILING = new RegExp(`(?:的事情|的事|的情况|的|时间|時間|日期|时候|時候|地点|地點|[坏壞]掉?[了啦]|[吗嗎呢吧呀啊啦嘛了])+(?=[^${CJK}]|$)`, "gu");
// Numbers as pages write them (12月6日, 5 栋, 80 岁): 十二月六号 → 12月6日, 12-06 → 12月6日, 五栋 → 5栋.
const NUMERAL = /[一二两兩三四五六七八九十]+(?=[月日号號栋棟楼樓层層单單岁歲])/g;
const DAY = /([0-9]+月[0-9]+)[号號]/g;
// Spaces voice input and some keyboards put in a date (12 月 6 日, 12 月 6 号): none in 12月6日.
// Not before 号楼 (7-12 号楼 is a range of buildings, see DASHED).
const DATE_SPACES = new RegExp(`([0-9])[${SPACE}]+(?=[年月日]|[号號](?![楼樓]))|([年月])[${SPACE}]+(?=[0-9])`, "g");
// 12/6, 12/06, 12.6, 12-06 → 12月6日 and 2026-12-06 → 2026年12月6日: only a month (1-12) and a
// day (1-31) that no other digit touches (0831-2345678, a phone number, is none) and that no
// unit follows (1-6 栋, 7-12 号楼, 1/2 斤, 3.5 元: a range of buildings or an amount). This is
// the second try only: a page that holds the query as typed (1/2, 12.6 元) is found as typed
// first. 1/2 that no page holds is read as 1月2日: a notice board gives dates, not fractions.
// Spaces around the dash, slash or dot too (12 / 6, as some keyboards put them), and 日 typed
// after the day (12/6日), which is no second 日.
const SEPARATOR = `[${SPACE}]*[-/.][${SPACE}]*`;
const DASHED = new RegExp(`(^|[^0-9])(?:([0-9]{4})${SEPARATOR})?(1[0-2]|0?[1-9])${SEPARATOR}(3[01]|[12][0-9]|0?[1-9])(?:[${SPACE}]*日)?` +
  `(?![0-9]|${SEPARATOR}[0-9]|[${SPACE}]*[栋棟幢楼樓号號层層单單元块塊角斤克米万萬千百%个個人岁歲])`, "g");
const JOINED = new RegExp(`^${SEPARATOR}$`); // what joins two numbers typed (see parse())
// 5号楼 and 5栋 (5 號樓, 5 棟) name one building, and residents say the one the page does not
// write: a query that finds nothing either way is tried with the other (see otherBuilding()).
const BUILDING = new RegExp(`([0-9][${SPACE}]*)(?:([号號])[楼樓]|([栋棟]))`, "g");
// What a number typed apart from the characters after it is written against (5 栋 as 5栋).
const UNIT = /^[年月日号號栋棟幢楼樓层層单單岁歲]/;
// The unit a run typed after a number begins with, when the topic follows it (5号楼电梯, 3栋停水,
// 12月6日停水): pages name the building, then the topic, often apart (5号楼2单元电梯). See findApart().
const UNITS = /^(?:[号號][楼樓]?|[栋棟幢楼樓层層年月日岁歲]|[单單]元)/;
// The unit of a building or staircase typed after a number (5栋, 5号楼, 3单元), which a page may
// name in a series (1 至 12 栋, 9、11、15 号楼, 1-3 单元, 1号楼至3号楼): generator/search.py indexes
// the term r5d (d: 栋, h: 号楼, u: 单元) for each number a series takes in, seriesPattern() is a
// series before that unit (full-width dashes and commas folded; the unit may follow a range's
// first end, 号楼 as 号 too: 1号至3号楼; a dash may be doubled: 3——5 栋, as input methods type
// it), and takesIn() reads one as series_terms() there does.
const SERIES_UNIT = /^(?:([栋棟])|([号號])[楼樓]|[单單]元)/;
// The dashes after fold() (tests check it folds each of generator/search.py's into one of them).
const DASH = "-~\u301c至到", UNIT_OF = { d: "[栋棟]", h: "[号號][楼樓]?", u: "[单單]元" };
const seriesPattern = (letter) => `([0-9]+(?:(?:(?:[${SPACE}]*${UNIT_OF[letter]})?[${SPACE}]*[${DASH}]+|[${SPACE}]*[、,和及与與])[${SPACE}]*[0-9]+)+)`;
const SERIES_PARTS = new RegExp(`[${SPACE}]*([${DASH}]+)[${SPACE}]*|[${SPACE}]*[、,和及与與][${SPACE}]*`);
const SERIES_MAX = 200; // numbers in a range at most (1-500 栋: only its ends)
// Characters a page may hold as words apart (锦江苑停水): see apart().
const SPLITS = new RegExp(`^[${CJK}]{4,}$`, "u");
const BETWEEN = new RegExp(`^[${SPACE}]+$`);
// Days named from the phone's date (明天有什么活动, 这周末, 下周三): the activities on them, by
// the day terms generator/search.py indexes (d20261206). 周, 星期 alone are no day (周边).
const DAYS = /(?:(今天|今日)|(明天|明日)|(后天|後天)|(这个?|這個?|本|下个?|下個?)?(?:周|週|星期|礼拜|禮拜)([一二三四五六日天末]?))的?/g;
const ACTIVITY = /有?活[动動]/g; // what a day's pages are: asked about, it asks nothing more
// The term of the cancelled activities (generator/search.py CANCELLED): after those that take place.
const CANCELLED = "d00000000";
// Traditional characters typed where the site writes Simplified ones (a phone set to
// Traditional input, relatives from Hong Kong or Taiwan: 33號樓, 5棟), or the reverse on a
// Traditional site: fold() makes them Simplified in the query and in the pages read, as
// generator/search.py does in the index (terms()), with the same table
// (generator/hanzi.py, which tests check this line against; both made by
// scripts/hanzi_table.py). Not all of OpenCC's 3,417 pairs: 20.5 KB more for this file
// (14.9 KB over gzip, the file itself 16.5 KB), but the 709 of the characters notices write:
// 4.3 KB (4.2 KB over gzip).
const TRADITIONAL = "並乾亂佈併來侷係個們偉側傘備傢傳傷傾僅價儀償優儲兌兒內兩冊別刪剋剛創劃劇劉動務勞勢匯區協卽厤參吳呂員唸問啓啟喫單嗎噹嚮嚴囑國圍園圖團埰堅報場塊壓壞壺壽奬婦嬰孫學寀實審寫寵寶將專對導屆層屬峯嵗師帶幫幷幹幾庫廚廢廣廳張強彆彔彙後從復徵愛慶憑憲憶應戲戶掃掛採換損搧搶摺撥撫撲據擬擺攜攝攤敎數斷於昇時暫曆曉曏書會東査條棟楊業極榦構樁樂樓標樣樹機檔檢檯權歡歲歷殘殺氣決沒沖況涼減測渾湯準溫溼滅滙滿潔濁濕濟濤濱瀋瀏瀝災為無熱燈燭爲爺牀牽獎獨現環產産畫異畵當療發盃監眞眾睏硃確碼礎禮稅種稱積窪箇節範簡簽籤糉糰糾紀約紅納紙級紛終組結給統綉經綠綫維網綵緊緑線編緩練緻縫總織繞繡繩繪繫繳繼續纍纔羅羣義習聯聲職聽脩腦腳臉臘臥臨臺與舉舊舖華萬葯葷蒐蓆蔘蔣蕭薑藍藝藥蘋蘭處號蠟衆衕衛衝裏補裝裡製複褲襬覈見規視親覽觀觸訂計討記訪設許訴診註証詐評詞詢試詩話詳誌認誒語誤誦說説課調談請論諮諾謎講證識譚譟議護讀變讓豐豬負財貨責買費貼賀賃資賞賠賣質賬購贈贍趙趨踰車軍較載輔輕輛輪輸轄轉辦辭農迴這連週進遊運過達遞遠適遶選遺還邊鄉鄒鄧鄭鄰醣醫釘針釦鈡銀銷鋒鋪錄錢錦録錶鍵鍼鍾鏈鐘長門開間閤閱閲闆關陞陳陸陽隊隨險隱隸隻雙雜雞難電靈靜鞏鞦韆韓頁頂項須預頒領頭頻題額願類顧顯風颱飛飯飲餃餅養餌餘餡餵饋馬馮駕騎騙驗驛體髮鬚鮮鳳鷄鹽麗麪麫麵麼麽黃點黨鼕齡齣龍龔更車滑句金羅樂亂蘭藍拉臘蠟朗來勞老路露綠錄論牢雷樓漏累讀樂諾率異便復不數索參塞說殺沈亮兩凉量呂女麗曆歷年練聯連列烈說念零靈領例禮隸了料樂療龍劉流留類六陸輪律率利易李理裏裡里林臨立粒識什茶切度糖宅洞行降見猪益礼福都飯免器層暑梅海煮社祝節練者視贈難頻並况全充勇彩搜朗望殺流煮猪画益直着節类練者華視調請諾變贈輸難頻", SIMPLIFIED = "并干乱布并来局系个们伟侧伞备家传伤倾仅价仪偿优储兑儿内两册别删克刚创划剧刘动务劳势汇区协即历参吴吕员念问启启吃单吗当向严嘱国围园图团采坚报场块压坏壶寿奖妇婴孙学采实审写宠宝将专对导届层属峰岁师带帮并干几库厨废广厅张强别录汇后从复征爱庆凭宪忆应戏户扫挂采换损扇抢折拨抚扑据拟摆携摄摊教数断于升时暂历晓向书会东查条栋杨业极干构桩乐楼标样树机档检台权欢岁历残杀气决没冲况凉减测浑汤准温湿灭汇满洁浊湿济涛滨沈浏沥灾为无热灯烛为爷床牵奖独现环产产画异画当疗发杯监真众困朱确码础礼税种称积洼个节范简签签粽团纠纪约红纳纸级纷终组结给统绣经绿线维网彩紧绿线编缓练致缝总织绕绣绳绘系缴继续累才罗群义习联声职听修脑脚脸腊卧临台与举旧铺华万药荤搜席参蒋萧姜蓝艺药苹兰处号蜡众同卫冲里补装里制复裤摆核见规视亲览观触订计讨记访设许诉诊注证诈评词询试诗话详志认诶语误诵说说课调谈请论咨诺谜讲证识谭噪议护读变让丰猪负财货责买费贴贺赁资赏赔卖质账购赠赡赵趋逾车军较载辅轻辆轮输辖转办辞农回这连周进游运过达递远适绕选遗还边乡邹邓郑邻糖医钉针扣钟银销锋铺录钱锦录表键针钟链钟长门开间合阅阅板关升陈陆阳队随险隐隶只双杂鸡难电灵静巩秋千韩页顶项须预颁领头频题额愿类顾显风台飞饭饮饺饼养饵余馅喂馈马冯驾骑骗验驿体发须鲜凤鸡盐丽面面面么么黄点党冬龄出龙龚更车滑句金罗乐乱兰蓝拉腊蜡朗来劳老路露绿录论牢雷楼漏累读乐诺率异便复不数索参塞说杀沈亮两凉量吕女丽历历年练联连列烈说念零灵领例礼隶了料乐疗龙刘流留类六陆轮律率利易李理里里里林临立粒识什茶切度糖宅洞行降见猪益礼福都饭免器层暑梅海煮社祝节练者视赠难频并况全充勇彩搜朗望杀流煮猪画益直着节类练者华视调请诺变赠输难频";
const SIMPLE = new Map(Array.from(TRADITIONAL, (char, i) => [char, SIMPLIFIED[i]])); // all one UTF-16 unit
const HANT = new RegExp(`[${TRADITIONAL}]`, "g");
// Words residents say where pages write others (骗子: 诈骗, 老年证: 老年人优待证), from the form
// (site.yaml's search.synonyms and generator/config.py's defaults), folded as queries are.
const SYNONYMS = {};
const given = JSON.parse(form.dataset.synonyms || "{}");
for (const word in given) SYNONYMS[fold(word)] = given[word].map(fold);
const SAID = Object.keys(SYNONYMS).sort((a, b) => b.length - a.length) // the longest first (电瓶车, 电动车)
  .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
const utf8 = new TextDecoder();
const shards = new Map(); // shard number -> promise of its entries
const buckets = new Map(); // bucket number -> promise of its [id, url] pairs
let meta, order, latest = 0;
// By sound (generator/search.py's SOUND_BASE): syllable n of the table the build publishes
// (sounds.txt, its line n: a syllable and the characters read so, every reading of each) is the
// character SOUND_BASE + n, and each pair of characters side by side in a title is indexed as
// the syllables it may be read as, two such characters. The table (30 KB, 21 KB over gzip) is
// fetched by the first query that finds nothing otherwise, or that may be a homophone typed
// (see misheard()), not by every search.
const SOUND_BASE = 0xe000;
const SYLLABLE = 6; // letters in a syllable at most (zhuang)
const MISHEARD = /^[\u3400-\u9fff]{2,4}$/; // a word that may be a homophone typed: see misheard()
const VOWEL = /[aeiouv]/; // m, n, ng, hng (呒, 嗯) are syllables too, but would read any n or m typed
let sounds = null; // promise of { readings: character -> its syllables' numbers, syllables: syllable -> number }

function say(template, count) {
  status.textContent = template.replace("{n}", count);
}

// Letters to lower case, full-width forms to ASCII, the dashes an input method types for a
// hyphen to "-" (generator/dates.py's DASHES: 3――5 栋, 12―6) and Traditional characters to
// Simplified ones (see TRADITIONAL), one UTF-16 unit for one, so a match found in the folded
// text is at the same place in the text shown. Punctuation too: Chinese keyboards type
// １２／６ and 12．6, which are 12/6 and 12.6 (a date, see DASHED).
function fold(text) {
  return text.replace(/[A-Z\uff01-\uff5e\u2010-\u2015\u2212\ufe58\ufe63]/g, (c) => {
    let code = c.charCodeAt(0);
    if (code >= 0x2010 && code < 0xff00) return "-"; // a dash (generator/dates.py's DASHES)
    if (code > 0xff) code -= 0xfee0;
    return String.fromCharCode(code >= 0x41 && code <= 0x5a ? code + 32 : code);
  }).replace(HANT, (char) => SIMPLE.get(char));
}

// What a result's text must contain: each token with the term prefixes that look it up (the
// sets of documents they give are intersected). A run of two or more characters looks up its
// bigrams; a lone character or a word looks up every term that starts with it.
function parse(query) {
  const tokens = [];
  const folded = fold(query);
  let end = -1; // where the last token ended
  TOKEN.lastIndex = 0;
  for (let match; (match = TOKEN.exec(folded));) { // not matchAll: Chrome 73, iOS 13
    const [, run, word] = match;
    const chars = Array.from(run || word), lookups = [];
    if (word || chars.length === 1) lookups.push(chars.join(""));
    else lookups.push(...pairs(chars));
    const number = /^[0-9]+$/.test(word || "");
    const last = tokens[tokens.length - 1];
    const gap = last ? folded.slice(end, match.index) : null; // what stands between it and the last
    // What joins it to the last token in a page's text, as a pattern, or null: see phrases().
    let joint = null;
    // A number typed against characters (5栋, 12月6日), or apart from its unit (5 栋).
    if (gap === "" && (number || last.number)) joint = " ?";
    else if (last && last.number && run && BETWEEN.test(gap) && UNIT.test(run)) joint = " ?";
    // A day typed apart from its month, a month from its year (12 月 6 日): the date, not 12月
    // and 6日 anywhere (11 月 6 日 found a page with 11月8日 and 12月6日).
    else if (number && last && last.joint && /[年月]$/.test(last.text) && BETWEEN.test(gap)) joint = " ?";
    // Numbers joined by a dash, slash or dot (12/6, 0831-2345678, 3.5; 12 / 6 typed with spaces)
    // stand so in the text, a space either side allowed, not each anywhere: on the second try
    // 12/6 is 12月6日 (see DASHED).
    else if (number && last && last.number && JOINED.test(gap)) joint = ` ?${gap.trim() === "." ? "\\." : gap.trim()} ?`;
    const unit = joint && last.number && run ? (UNITS.exec(run) || [""])[0] : "";
    const building = joint && last.number && run && SERIES_UNIT.exec(run);
    if (building) last.series = `r${Number(last.text)}${building[1] ? "d" : building[2] ? "h" : "u"}`;
    tokens.push({
      text: run || word, run: Boolean(run), lookups, number, joint,
      // Four or more characters may be words typed together (锦江苑停水): see apart().
      splits: SPLITS.test(run || ""),
      // 号楼 of 5号楼电梯: with the number, and 电梯 after it a word of its own (two characters or more).
      unit: chars.length - unit.length >= 2 ? unit : "",
      lead: unit, // 号楼 of 16号楼 (电梯 or not): no word without its 16, see findSome()
    });
    end = match.index + match[0].length;
  }
  return tokens;
}

// The bigrams of a run of characters (an array of them).
function pairs(chars) {
  return chars.slice(1).map((char, i) => chars[i] + char);
}

// The tokens with each number typed before a building or staircase (5栋) as one in a series a
// page names (1 至 12 栋), looked up by its series term; [] when there is none.
function inSeries(tokens) {
  if (!tokens.some((token) => token.series)) return [];
  return tokens.map((token) => token.series ? Object.assign({}, token, { lookups: [token.series], inSeries: true }) : token);
}

// Whether a series a page names (1 至 12, 1-3、5, 9、11、15, 1号楼至3) takes in ``n``.
function takesIn(series, n) {
  // Numbers, and between each two a dash or undefined (a list's).
  const parts = series.replace(/[栋棟号號楼樓单單元]/g, "").split(SERIES_PARTS);
  for (let i = 0; i < parts.length; i += 2) {
    const end = Number(parts[i]), start = Number(parts[i - 2]);
    if (end === n || parts[i - 1] && start <= n && n <= end && end - start < SERIES_MAX) return true;
  }
  return false;
}

// What a page must hold for the query to be found as typed: each token, and a number typed
// against characters (or a space apart from its unit) together with them, a space between
// allowed (5栋 and 5 栋 in "5 栋", 12月6日), not only somewhere each (12 … 6 … 月 … 日 in
// "12月22日 … 6 号楼"); numbers typed with a dash, slash or dot between, with it (12/6).
// ``apart`` (see findApart()): what follows a number's unit is a word of its own (5号楼 and
// 电梯 of 5号楼电梯), and so is a name a number is typed after (锦江苑 and 3栋 of 锦江苑3栋:
// pages put 小区 between); a date stays whole. A number in series (see inSeries()) is a series
// that takes it in: the pattern's ``series`` lists the number of each of its groups.
function phrases(tokens, apart) {
  const found = [], series = [];
  let last = null;
  for (const token of tokens) {
    const text = token.inSeries ? seriesPattern(token.series.slice(-1)) : apart && token.unit || token.text;
    if (token.joint && !(apart && token.number && last.run && !/[年月]$/.test(last.text))) {
      found[found.length - 1].push(token.joint, text);
    } else {
      found.push([text]);
      series.push([]);
    }
    if (token.inSeries) series[series.length - 1].push(Number(token.text));
    if (apart && token.unit) {
      found.push([token.text.slice(text.length)]);
      series.push([]);
    }
    last = token;
  }
  return found.map((parts, i) => {
    if (parts.length === 1) return parts[0];
    const pattern = new RegExp(parts.join(""), "gu");
    pattern.series = series[i];
    return pattern;
  });
}

// Whether a number begins or ends in the middle of one at ``start``-``end`` of ``folded``: a
// number typed is a whole number on the page (3栋 is not in 13 栋, 12月1 not in 12月16日).
function cut(folded, start, end) {
  const digit = (at) => at >= 0 && at < folded.length && folded.charCodeAt(at) >= 48 && folded.charCodeAt(at) <= 57;
  return digit(start) && digit(start - 1) || digit(end - 1) && digit(end);
}

// What of ``folded`` the phrase finds (numbers whole, series taking in their numbers), or null.
function locate(folded, phrase) {
  const found = [];
  if (typeof phrase === "string") {
    for (let at = folded.indexOf(phrase); at >= 0 && !found.length; at = folded.indexOf(phrase, at + 1)) {
      if (!cut(folded, at, at + phrase.length)) found.push(phrase);
    }
  } else {
    phrase.lastIndex = 0;
    for (let match; (match = phrase.exec(folded));) {
      if (!cut(folded, match.index, match.index + match[0].length)
          && phrase.series.every((n, i) => takesIn(match[i + 1], n))) found.push(match[0]);
      phrase.lastIndex = match.index + 1; // 5栋 in "15栋 … 5栋": after a number cut, the next
    }
  }
  return found.length ? found : null;
}

// Whether ``folded`` holds every phrase, and then the strings to mark; false when not.
function holds(folded, wanted) {
  const marked = [];
  for (const phrase of wanted) {
    const found = locate(folded, phrase);
    if (!found) return false;
    marked.push(...found);
  }
  return marked;
}

// The Chinese numeral of a number up to 99 (三, 十二, 二十四) in digits.
function digits(numeral) {
  const value = (c) => "一二三四五六七八九".indexOf(c) + 1 || ("两兩".includes(c) ? 2 : 0);
  const [tens, ones] = numeral.split("十");
  if (ones === undefined) return Array.from(numeral, value).join("");
  return String((tens ? value(tens) : 1) * 10 + (ones ? value(ones) : 0));
}

// The query as a page would put it: without the words that only ask or fill, which stand
// apart from what is left (我想问一下停水的事情 → 停水, 明天停不停水 → 停水), numbers in digits
// and dates as 12月6日 (十二月六号, 12-06).
function plain(query) {
  return fold(query).replace(DATE_SPACES, "$1$2").replace(ASKING, " ").replace(EITHER, "$1").replace(LEADING, "$1 ").replace(TRAILING, " ")
    .replace(NUMERAL, digits).replace(DAY, "$1日")
    .replace(DASHED, (all, before, year, month, day) => `${before}${year ? year + "年" : ""}${Number(month)}月${Number(day)}日`);
}

// ``query`` with each word residents say as pages write it, each way (骗子电话: 诈骗电话,
// 反诈电话), at most 8; [] when it holds none. One pass: a page's word is not read again (电动车).
function reworded(query) {
  const parts = SAID ? query.split(new RegExp(`(${SAID})`)) : [query]; // the words at odd places
  let found = [""];
  parts.forEach((part, i) => {
    found = i % 2 ? found.flatMap((said) => SYNONYMS[part].map((word) => said + word)).slice(0, 8)
      : found.map((said) => said + part);
  });
  return parts.length > 1 ? found : [];
}

// The query with each building named the other way (5号楼 → 5栋, 5栋 → 5号楼, 5 棟 → 5 號樓).
function otherBuilding(query) {
  return query.replace(BUILDING, (all, number, hao, dong) => number +
    (hao ? (hao === "號" ? "棟" : "栋") : (dong === "棟" ? "號樓" : "号楼")));
}

// The pieces of a run of characters that a text holds (锦江苑停水 in "锦江苑小区临时停水" →
// 锦江苑, 停水): from the start, the longest piece the text holds, each of two characters or
// more; a character that begins none is left out and counted as ``missed``. The longest
// first, so that a text that holds the characters only by accident is no match: 乱扔垃圾请 in
// "乱扔垃圾。…垃圾请投放" would be 乱扔 + 垃圾请 taken in any order, but 乱扔垃圾 leaves 请 alone.
function pieces(folded, run) {
  const chars = Array.from(run), found = [];
  let missed = 0;
  for (let start = 0; start < chars.length;) {
    let end = chars.length;
    while (end - start >= 2 && !folded.includes(chars.slice(start, end).join(""))) end -= 1;
    if (end - start >= 2) {
      found.push(chars.slice(start, end).join(""));
      start = end;
    } else {
      start += 1;
      missed += 1;
    }
  }
  return { found, missed };
}

// A run of characters typed without spaces, as the words a text holds apart: all of it in
// pieces, or null.
function apart(folded, run) {
  const held = pieces(folded, run);
  return held.missed ? null : held.found;
}

// The day terms of the days ``query`` names counted from ``today`` (and whether each is over,
// and those days), the query without them and the words that named them; null when it names none.
function when(query, today) {
  const offsets = [], said = [];
  const rest = query.replace(DAYS, (all, jin, ming, hou, which, day, at) => {
    if (query[at - 1] === "每" || !jin && !ming && !hou && !which && !day) return all; // 每周六: every week
    const monday = (which && which[0] === "下" ? 7 : 0) - (today.getDay() + 6) % 7, weekday = "一二三四五六".indexOf(day);
    let found = jin ? [0] : ming ? [1] : hou ? [2] : !day ? [0, 1, 2, 3, 4, 5, 6] : day === "末" ? [5, 6]
      : [weekday < 0 ? 6 : weekday];
    if (!jin && !ming && !hou) found = found.map((n) => n + monday);
    if (!which && found.every((n) => n < 0)) found = found.map((n) => n + 7); // 周三 said on a Friday: the next
    offsets.push(...found);
    said.push(all.replace(/的$/, ""));
    return " ";
  });
  if (!offsets.length) return null;
  const two = (n) => (n < 10 ? "0" : "") + n;
  const dates = offsets.map((n) => new Date(today.getFullYear(), today.getMonth(), today.getDate() + n));
  return {
    rest, said: said.join("、"), dates,
    terms: dates.map((day) => `d${day.getFullYear()}${two(day.getMonth() + 1)}${two(day.getDate())}`),
    over: offsets.map((n) => n < 0),
  };
}

// What the status says before the usual when no activity on the days asked holds the rest of
// the query and the usual search's results, of any date, are shown: 后天（11月27日）没有相关活动；
// 以下结果不限日期…. Without it 后天5号楼 said 找到 1 条结果 over another day's, read as 后天's.
function otherDays(days) {
  return form.dataset.days ? daysSaid(days, form.dataset.days) : ""; // "": a search.html of before it
}

// The template with the day as typed and its dates put in.
function daysSaid(days, template) {
  const dates = days.dates.slice().sort((a, b) => a - b);
  const date = (day) => day.toLocaleDateString(document.documentElement.lang, { month: "long", day: "numeric" });
  const first = date(dates[0]), last = date(dates[dates.length - 1]);
  return template.replace("{day}", days.said)
    .replace("{dates}", first === last ? first : form.dataset.dates.replace("{from}", first).replace("{to}", last));
}

async function bytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return new Uint8Array(await response.arrayBuffer());
}

function reader(data) {
  let at = 0;
  return {
    more: () => at < data.length,
    varint() {
      let value = 0, scale = 1, byte;
      do { byte = data[at++]; value += (byte & 0x7f) * scale; scale *= 128; } while (byte & 0x80);
      return value;
    },
    take(length) { at += length; return data.subarray(at - length, at); },
  };
}

// A shard: varint length, UTF-8 term, varint length, postings; for each term.
async function shard(n) {
  if (!shards.has(n)) {
    const version = meta.shards[n];
    shards.set(n, !version ? Promise.resolve([]) : bytes(`${INDEX}s/${n}.bin?v=${version}`).then((data) => {
      const entries = [], read = reader(data);
      while (read.more()) {
        const term = utf8.decode(read.take(read.varint()));
        entries.push([term, read.take(read.varint())]);
      }
      return entries;
    }));
  }
  return shards.get(n);
}

// Postings: ascending ids, the first as it is, then the gaps.
function decodeIds(postings, into) {
  const read = reader(postings);
  let id = 0;
  while (read.more()) into.add(id += read.varint());
}

async function lookup(prefix) {
  const entries = await shard(prefix.codePointAt(0) % meta.shards.length);
  const found = new Set();
  for (const [term, postings] of entries) if (term.startsWith(prefix)) decodeIds(postings, found);
  return found;
}

// The documents in every one of ``sets``.
function intersect(sets) {
  const sorted = [...sets].sort((a, b) => a.size - b.size);
  let found = [...(sorted[0] || [])];
  for (const other of sorted.slice(1)) found = found.filter((id) => other.has(id));
  return found;
}

async function ranks() {
  if (!order) {
    order = bytes(`${INDEX}order.bin?v=${meta.order}`).then((data) => {
      const rank = new Map();
      for (let i = 0; i + 2 < data.length; i += 3) rank.set((data[i] << 16) | (data[i + 1] << 8) | data[i + 2], i / 3);
      return rank;
    });
  }
  return order;
}

// The [id, url] pairs of the bucket that lists the documents with this id.
function bucket(id) {
  const n = id % meta.buckets.length;
  if (!buckets.has(n)) buckets.set(n, fetch(`${INDEX}d/${n}.json?v=${meta.buckets[n]}`).then((response) => {
    if (!response.ok) throw new Error(`${response.status} ${response.url}`);
    return response.json();
  }));
  return buckets.get(n);
}

function href(url) {
  return BASE + url.replace(/^\//, "");
}

function collapse(text) {
  return text.split(SPACES).filter(Boolean).join(" ");
}

function read(node, found) {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === Node.TEXT_NODE) {
      const text = child.data;
      found.parts.push(text.includes("\n") ? text.replace(SOFT_BREAK, "$1") : text);
    } else if (child.nodeType === Node.ELEMENT_NODE && !SKIP.has(child.localName) && !child.hasAttribute(IGNORE)) {
      const block = BLOCK.has(child.localName);
      if (block) found.parts.push(" ");
      if (child.localName === "h1" && !found.title && !found.inTitle) {
        const start = found.parts.length;
        found.inTitle = true;
        read(child, found);
        found.title = collapse(found.parts.slice(start).join(""));
        found.inTitle = false;
        found.parts.push(` ${found.kind} `);
        found.kind = "";
      } else read(child, found);
      if (block) found.parts.push(" ");
    }
  }
}

// The document of the page at ``url`` (null when the page has none).
async function page(url) {
  const response = await fetch(href(url));
  if (!response.ok) return null;
  const html = new DOMParser().parseFromString(await response.text(), "text/html");
  const body = html.querySelector(`[${MARK}]`);
  if (!body) return null;
  const found = { parts: [], title: "", inTitle: false, kind: body.getAttribute(KIND) || "" };
  read(body, found);
  found.parts.unshift(found.kind, " ");
  const time = body.querySelector("time"); // its date (an activity's time), shown as otherDays() needs
  return { url, title: found.title || url, text: collapse(found.parts.join("")), when: time ? collapse(time.textContent) : "" };
}

// The documents with this id: almost always one, more when ids collide.
async function documents(id) {
  const listed = await bucket(id);
  return Promise.all(listed.filter(([other]) => other === id).map(([, url]) => page(url)));
}

// Where the tokens stand in ``text`` (folded), as [start, end] pairs, in order, not overlapping.
function matches(folded, tokens) {
  const found = [];
  for (const token of tokens) {
    for (let at = folded.indexOf(token); at >= 0; at = folded.indexOf(token, at + 1)) {
      if (!cut(folded, at, at + token.length)) found.push([at, at + token.length]); // not the 5 栋 of 15 栋
    }
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const kept = [];
  for (const range of found) if (!kept.length || range[0] >= kept[kept.length - 1][1]) kept.push(range);
  return kept;
}

// The text around the first match, after the first ``skip`` characters, matches in <mark>:
// built as nodes, never as HTML. The start of that text when no match is left to show.
function excerpt(text, ranges, skip) {
  let origin = skip;
  while (origin < text.length && text[origin] === " ") origin += 1;
  let start = ranges.length ? Math.max(origin, ranges[0][0] - AROUND) : origin;
  if (/[\udc00-\udfff]/.test(text[start] || "")) start -= 1; // not half a character
  let end = Math.min(text.length, start + EXCERPT);
  if (/[\ud800-\udbff]/.test(text[end - 1] || "")) end += 1;
  const paragraph = document.createElement("p");
  paragraph.append(start > origin ? "…" : "");
  marking(paragraph, text, ranges, start, end);
  paragraph.append(end < text.length ? "…" : "");
  return paragraph;
}

// Append text[start:end] to ``parent``, the ``ranges`` in it in <mark>.
function marking(parent, text, ranges, start, end) {
  let at = start;
  for (const [from, to] of ranges) {
    if (from >= end) break;
    if (from < at) continue;
    const mark = document.createElement("mark");
    mark.textContent = text.slice(from, to);
    parent.append(text.slice(at, from), mark);
    at = to;
  }
  parent.append(text.slice(at, Math.max(at, end)));
}

function show(found, dated) {
  const item = document.createElement("li");
  item.className = "card";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = href(found.url);
  // What the query matched in the title is marked there too: a page found by its title alone
  // (通知) showed the start of its text and nothing marked, no sign of why it was found.
  marking(link, found.title, matches(fold(found.title), found.marked), 0, found.title.length);
  heading.append(link);
  // A page's text begins with its title (its h1), shown just above: the excerpt starts after it.
  const skip = found.text.startsWith(found.title) ? found.title.length : 0;
  const text = excerpt(found.text, found.ranges.filter(([start]) => start >= skip), skip);
  item.append(heading);
  // Results of other days than those asked (see otherDays()): each with its date, which the
  // excerpt of a long page may not reach.
  if (dated && found.when && !text.textContent.includes(found.when)) {
    const date = document.createElement("p");
    date.className = "meta";
    date.textContent = found.when;
    item.append(date);
  }
  item.append(text);
  return item;
}

// Show, in the order of ``ids``, the documents ``words`` finds in (given the folded text and the
// text as written; it returns what to mark, or null), but those shown already (``context.shown``:
// their URLs -> their items in the list), each before ``context.before`` when set (see
// soundsFirst()), else last; ``context.fetched``: id -> its documents, kept for the rest of the
// query. Returns how many were shown, or null when a newer query took over; ``context.more``
// says whether there may be more than those (SHOWN reached, or candidates left unchecked after
// CHECKED).
async function showMatching(ids, words, context) {
  let shown = 0, i = 0;
  const fetched = context.fetched;
  const documentsOf = (id) => {
    if (!fetched.has(id)) fetched.set(id, documents(id));
    return fetched.get(id);
  };
  context.more = false;
  for (; i < ids.length && i < CHECKED && context.shown.size < SHOWN; i += BATCH) {
    // The next batch's buckets load with this batch's pages: one round trip a batch, not two.
    ids.slice(i + BATCH, i + 2 * BATCH).forEach(bucket);
    const batch = await Promise.all(ids.slice(i, i + BATCH).map(documentsOf));
    if (context.mine !== latest) return null;
    for (const found of batch.flat().filter((found) => found && !context.shown.has(found.url))) {
      const folded = fold(found.text);
      const marked = words(folded, found.text);
      if (marked && context.shown.size < SHOWN) {
        found.marked = marked;
        found.ranges = matches(folded, marked);
        context.shown.set(found.url, list.insertBefore(show(found, context.elsewhere), context.before || null));
        shown += 1;
      } else if (marked) context.more = true;
    }
  }
  if (i < ids.length) context.more = true;
  return shown;
}

// ``find`` (findAll, findApart, or findDays on the days asked) over ``tokens``, then over them
// in series (see inSeries()): the pages that name the building (5 栋) before those that take
// it in a series (1 至 12 栋). Returns as ``find`` does.
async function thenInSeries(find, tokens, context) {
  const found = await find(tokens, context);
  const serial = inSeries(tokens);
  if (!found || !serial.length) return found;
  const more = context.more;
  const added = await find(serial, context);
  if (!added) return null;
  context.more = more || context.more;
  return [found[0] + added[0], found[0] ? found[1] : added[1]];
}

// Show the documents that hold every token together. Returns [how many were shown, the
// status to say], or null when a newer query took over.
async function findAll(tokens, context) {
  const terms = [...new Set(tokens.flatMap((token) => token.lookups))];
  const setOf = await context.sets(terms);
  const wanted = phrases(tokens, false);
  const together = (folded) => holds(folded, wanted);
  const ids = intersect(terms.map((term) => setOf.get(term))).sort(context.byRank);
  const shown = await showMatching(ids, together, context);
  return shown === null ? null : [shown, form.dataset.count];
}

// Show the documents that hold the words of the tokens typed together (锦江苑停水) apart, and
// a building or a date typed with the topic after it (5号楼电梯, 3栋停水) with the topic apart
// (5号楼2单元电梯), the number with its unit still (the 6号楼 lift with a 5 somewhere, or 8栋停水
// with 11月3日, is no answer); returns as findAll() does, [0, ...] when there is no such token.
async function findApart(tokens, context) {
  if (!tokens.some((token) => token.splits || token.unit)) return [0, form.dataset.count];
  const terms = [...new Set(tokens.flatMap((token) => token.lookups))];
  // Such a page holds a run's first two characters and its last two (of a unit and of the
  // word after it, each: 号楼, 电梯); the pages that hold more of its pairs first.
  const ends = (lookups) => [lookups[0], lookups[lookups.length - 1]];
  const lookupsOf = (text) => Array.from(text).length > 1 ? pairs(Array.from(text)) : [text];
  const needed = [...new Set(tokens.flatMap((token) => !token.unit ? ends(token.lookups)
    : [...lookupsOf(token.unit), ...ends(lookupsOf(token.text.slice(token.unit.length)))]))];
  const setOf = await context.sets([...new Set([...terms, ...needed])]);
  const held = (id) => terms.filter((term) => setOf.get(term).has(id)).length;
  const apartIds = intersect(needed.map((term) => setOf.get(term))).map((id) => [held(id), id])
    .sort((a, b) => b[0] - a[0] || context.byRank(a[1], b[1])).map(([, id]) => id);
  const wanted = phrases(tokens, true);
  const inWords = (folded) => {
    const marked = [];
    for (const phrase of wanted) {
      const found = locate(folded, phrase) || typeof phrase === "string" && SPLITS.test(phrase) && apart(folded, phrase);
      if (!found) return null;
      marked.push(...found);
    }
    return marked;
  };
  const shown = await showMatching(apartIds, inWords, context);
  return shown === null ? null : [shown, form.dataset.apart];
}

// When no page holds the whole query (停水范围: no page says 范围), the pages that hold the
// most of its parts (a run's pairs of characters, its words, a lone character). A part counts
// less the more pages hold it (时间 is on every activity page, 停水 on one or two; 月 and 日
// on most), a page that holds under half what the best one does is left out, and so is one
// that holds only numbers and lone characters of it; a number with its unit (12月6日, 5栋) is
// a part as a word is. The best first, then the newest. What a page holds of the query is marked.
async function findSome(tokens, context) {
  const parts = [...new Set(tokens.flatMap((token) => token.lookups))];
  // The numbers with their units, each with its terms (12, 月, 6, 日): 12月6日的讲座 left out
  // the page of 12月6日, which holds only numbers and lone characters of the query.
  const numbered = phrases(tokens, true).filter((phrase) => typeof phrase !== "string")
    .map((phrase) => [phrase, [...new Set(parse(phrase.source.replace(/ \?|\\/g, "")).flatMap((token) => token.lookups))]]);
  const setOf = await context.sets([...new Set([...parts, ...numbered.flatMap(([, terms]) => terms)])]);
  const held = new Map(); // id -> how much of the query it holds
  const worded = new Set(); // the ids that hold a part of two characters or more, not a number
  const add = (ids, worth) => {
    const weight = Math.log(1 + context.count / Math.max(1, ids.size));
    for (const id of ids) held.set(id, (held.get(id) || 0) + weight);
    if (worth) ids.forEach((id) => worded.add(id));
  };
  // A date counts once, as a whole, not its numbers and characters apart too (each 12月6日
  // would weigh more than a word).
  const dated = new Set(numbered.flatMap(([, terms]) => terms));
  for (const part of parts) if (!dated.has(part)) add(setOf.get(part), Array.from(part).length > 1 && !/^[0-9]+$/.test(part));
  for (const [, terms] of numbered) add(new Set(intersect(terms.map((term) => setOf.get(term)))), true);
  // A number, or a lone character, is no answer alone: 三号楼 (3号楼) on a site without one
  // listed every page with a 3, and 12月8日 every page with a 12 and a 月 or 日 in a date.
  for (const id of held.keys()) if (!worded.has(id)) held.delete(id);
  const best = Math.max(0, ...held.values());
  const ids = [...held.keys()].filter((id) => held.get(id) >= best / 2)
    .sort((a, b) => held.get(b) - held.get(a) || context.byRank(a, b));
  // What a page holds of the query, when that is more than numbers and lone characters (the
  // 6 and 栋 of 6栋 in "5 栋 … 12月6日": the page held each term of 6栋, not 6栋). A number and
  // the unit typed after it count only together (numbered): 16号楼 showed a 号楼 and a 16 apart.
  const some = (folded) => {
    const marked = [];
    for (const [i, token] of tokens.entries()) {
      const text = token.number && tokens[i + 1] && tokens[i + 1].lead ? "" : token.text.slice(token.lead.length);
      if (text && locate(folded, text)) marked.push(text);
      else if (text && token.run) marked.push(...pieces(folded, text).found);
    }
    for (const [phrase] of numbered) marked.push(...(locate(folded, phrase) || []));
    return marked.some((mark) => Array.from(mark).length > 1 && !/^[0-9]+$/.test(mark)) && marked;
  };
  const shown = await showMatching(ids, some, context);
  return shown === null ? null : [shown, form.dataset.some];
}

// The syllables' table (see SOUND_BASE), fetched once; a failed fetch is tried again by the next query.
function soundTable() {
  if (!sounds) {
    sounds = fetch(`${INDEX}sounds.txt?v=${meta.sounds}`).then((response) => {
      if (!response.ok) throw new Error(`${response.status} ${response.url}`);
      return response.text();
    }).then((text) => {
      const readings = new Map(), syllables = new Map();
      text.split("\n").forEach((line, n) => {
        const [syllable, chars] = line.split(" ");
        syllables.set(syllable, n);
        for (const char of chars) readings.set(char, (readings.get(char) || []).concat(n));
      });
      return { readings, syllables };
    }).catch((error) => {
      sounds = null;
      throw error;
    });
  }
  return sounds;
}

// Letters typed as pinyin (yibao, tingshui) as the numbers of their syllables: the longest
// syllable first, a shorter one where the rest cannot be read then (fangan: fang an; xian stays
// xian, not xi an); null when no reading takes all of them (wifi).
function syllablesOf(letters, syllables) {
  const failed = new Set(); // places from which the rest cannot be read
  const from = (at) => {
    if (at === letters.length) return [];
    if (failed.has(at)) return null;
    for (let end = Math.min(letters.length, at + SYLLABLE); end > at; end -= 1) {
      const syllable = letters.slice(at, end);
      const rest = syllables.has(syllable) && VOWEL.test(syllable) ? from(end) : null;
      if (rest) return [syllables.get(syllable), ...rest];
    }
    failed.add(at);
    return null;
  };
  return from(0);
}

// The query read aloud, without the words that only ask (see plain()): its runs of two places
// or more, each place the syllables it may be (every reading of a character, or a syllable typed
// in letters, tone marks or digits dropped: yī bǎo, yi4bao3). Spaces and apostrophes (yi bao,
// xi'an) stand between places of a run; anything else (a number, a character not in the table,
// letters that are no pinyin) ends it.
function spoken(query, table) {
  const text = plain(query).toLowerCase().replace(/ü|u\u0308/g, "v").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  const piece = new RegExp(`([a-z]+)[1-5]?|([${CJK}])|([${SPACE}'\u2019]+)|[^]`, "gu");
  const runs = [[]];
  for (let match; (match = piece.exec(text));) {
    const [, letters, char, between] = match;
    if (between) continue;
    let places = null;
    if (letters) {
      const read = syllablesOf(letters, table.syllables);
      places = read && read.map((n) => [n]);
    } else if (char && table.readings.has(char)) places = [table.readings.get(char)];
    if (places) runs[runs.length - 1].push(...places);
    else if (runs[runs.length - 1].length) runs.push([]);
  }
  return runs.filter((run) => run.length >= 2);
}

// The terms of a run (see SOUND_BASE): for each two places side by side, those of every way
// they may be read; a title holds one of each.
function soundTerms(run) {
  const name = (n) => String.fromCharCode(SOUND_BASE + n);
  return run.slice(1).map((place, i) => run[i].flatMap((a) => place.map((b) => name(a) + name(b))));
}

// The first characters of ``folded`` read as the run's places one after the other, or null.
function heard(folded, run, readings) {
  const chars = Array.from(folded);
  const fits = (char, place) => (readings.get(char) || []).some((n) => place.includes(n));
  for (let start = 0; start + run.length <= chars.length; start += 1) {
    if (run.every((place, i) => fits(chars[start + i], place))) return chars.slice(start, start + run.length).join("");
  }
  return null;
}

// When nothing else is found, or before what is when that may be a homophone's (see
// soundsFirst()): the pages whose title sounds as the query does (停睡 and tingshui for 停水, 以保
// and yi bao for 医保: voice input, or pinyin typed without picking characters), each run of the
// query (see spoken()) read in it together; not a title that says it as written, which is found
// as typed. ``template`` is the status, with ``typed`` for {query}, what the titles say for
// {words} and how many were found by sound for {n}. Returns as findAll() does.
async function findBySound(query, context, template, typed) {
  const none = [0, form.dataset.count];
  if (!template || !meta.sounds) return none; // a search.html or an index of before it
  let table;
  try {
    table = await soundTable();
  } catch (error) { // the pages holding part of the query are still shown (findSome())
    console.warn(error);
    return none;
  }
  const runs = spoken(query, table);
  if (!runs.length) return none;
  const termsOf = runs.flatMap(soundTerms); // per two places, the terms either of which will do
  const setOf = await context.sets([...new Set(termsOf.flat())]);
  const either = (terms) => new Set(terms.flatMap((term) => [...setOf.get(term)]));
  const ids = intersect(termsOf.map(either)).sort(context.byRank);
  const said = new Set(), written = plain(query);
  const sounding = (folded, text) => {
    const marked = runs.map((run) => heard(folded, run, table.readings));
    if (marked.some((mark) => !mark) || marked.every((mark) => written.includes(mark))) return null;
    // As the title writes it (醫保 on a zh-Hant site), not folded: fold() keeps every place.
    marked.forEach((mark) => {
      const at = folded.indexOf(mark);
      said.add(text.slice(at, at + mark.length));
    });
    return marked;
  };
  const shown = await showMatching(ids, sounding, context);
  if (shown === null) return null;
  const words = [...said].slice(0, 3).join("、");
  return [shown, template.replace("{query}", () => typed).replace("{words}", () => words).replace("{n}", shown)];
}

// The word a query may be when it is typed with the wrong characters of the same sound, picked
// first by the input method (以保 for 医保, 停点 for 停电): a query that is 2-4 characters alone
// (plain(), folded: ``tokens``) and in no title of the results (``context.shown``), which then
// hold it only in words of their text (以保证); else "". Not longer: a sentence is seldom all
// misheard, and the title it would sound as is rarer still.
function misheard(tokens, context) {
  const word = tokens.length === 1 ? tokens[0].text : "";
  if (!MISHEARD.test(word)) return "";
  for (const item of context.shown.values()) if (fold(item.querySelector("a").textContent).includes(word)) return "";
  return word;
}

// ``word`` (of plain(query), folded) as the query types it (醫保 on a Traditional phone), or as
// it is where the query does not hold it so (停不停水: 停水).
function asTyped(query, word) {
  const at = fold(query).indexOf(word);
  return at < 0 ? word : query.slice(at, at + word.length);
}

// The pages whose title sounds as ``word`` does (see misheard()) put before those listed, where
// residents, who read from the top, see them: each listed once (a 医保 notice may say 以保障 too:
// it goes first), SHOWN in all (the last listed go). The status says so, or only how many when
// all listed were found so (they hold the query too). Returns as findAll() does, the list as it
// was and [0, ...] when no title sounds so.
async function soundsFirst(query, word, context) {
  const listed = context.shown, more = context.more;
  context.shown = new Map(); // a page listed already is found by sound too
  context.before = list.firstChild;
  const found = await findBySound(query, context, form.dataset.soundFirst, asTyped(query, word));
  context.before = null;
  if (!found) return null;
  let cut = false;
  for (const [url, item] of listed) {
    if (context.shown.has(url)) item.remove();
    else if (context.shown.size < SHOWN) context.shown.set(url, item);
    else {
      item.remove();
      cut = true; // no room left: there are more than those shown
    }
  }
  context.more = found[0] ? more || context.more || cut : more;
  return [found[0] && context.shown.size, context.shown.size > found[0] ? found[1] : form.dataset.count];
}

// Show the pages on the days ``days`` names (see when()) that hold the rest of the query,
// those that take place before the cancelled ones (still shown: their title says 已取消), those
// not over first, each day's in the order they start; returns as findAll() does.
async function findDays(days, tokens, context) {
  const terms = [...new Set(tokens.flatMap((token) => token.lookups))];
  const setOf = await context.sets([...new Set([...days.terms, CANCELLED, ...terms])]);
  const on = new Set(), coming = new Set(), off = setOf.get(CANCELLED);
  days.terms.forEach((term, i) => setOf.get(term).forEach((id) => {
    on.add(id);
    if (!days.over[i]) coming.add(id);
  }));
  const ids = intersect([on, ...terms.map((term) => setOf.get(term))])
    .sort((a, b) => off.has(a) - off.has(b) || coming.has(b) - coming.has(a) || context.byRank(b, a));
  const wanted = phrases(tokens, false);
  const shown = await showMatching(ids, (folded) => holds(folded, wanted), context);
  return shown === null ? null : [shown, form.dataset.count];
}

async function run(query) {
  const mine = ++latest; // a newer query makes this one stop
  list.textContent = ""; // not replaceChildren(): Chrome 86, iOS 14
  let shown = 0, message = form.dataset.count, context = null, days = null, rest = null;
  try {
    const typed = parse(query);
    if (!typed.length) { status.textContent = query.trim() ? form.dataset.empty : ""; return; }
    say(form.dataset.wait, 0);
    meta = meta || await (await fetch(`${INDEX}meta.json`, { cache: "no-cache" })).json();
    const looked = new Map(); // term -> promise of the set of documents it gives
    const sets = async (terms) => {
      for (const term of terms) if (!looked.has(term)) looked.set(term, lookup(term));
      const found = await Promise.all(terms.map((term) => looked.get(term)));
      return new Map(terms.map((term, i) => [term, found[i]]));
    };
    // The order of results loads with the shards of the query as typed.
    const [rank] = await Promise.all([ranks(), sets(typed.flatMap((token) => token.lookups))]);
    const rankOf = (id) => rank.has(id) ? rank.get(id) : Infinity; // not ??: Chrome 80, iOS 13.4
    context = { mine, sets, count: rank.size, fetched: new Map(), shown: new Map(), byRank: (a, b) => rankOf(a) - rankOf(b) };
    // As typed; then without the words that only ask or fill, numbers as pages write them;
    // then with each building named the other way (5号楼, 5栋). Each together first, then each
    // with words typed together held apart: a page that holds 停水 and 时间 apart by chance is
    // no better answer to 停水时间 than the pages that hold 停水. Then the pages holding part
    // of the query without the asking words.
    const reduced = parse(plain(query));
    const tries = [typed];
    const said = (tokens) => tokens.map((token) => token.text + (token.joint || "")).join(" ");
    const tried = new Set([said(typed)]);
    for (const tokens of [reduced, parse(otherBuilding(plain(query)))]) {
      if (tokens.length && !tried.has(said(tokens))) tries.push(tokens);
      tried.add(said(tokens));
    }
    const asked = reduced.length ? reduced : typed;
    // A day named (明天有什么活动): the activities on it first; asking for nothing else, only them.
    days = when(query, new Date());
    const left = days && plain(days.rest.replace(ACTIVITY, " "));
    rest = days && parse(left);
    // A building with it as in the tries above: 明天3栋 is tomorrow's at 1-6 栋 (not a notice
    // about 1 至 12 栋), 周末5号楼 at 3、5、7 号楼 or 5栋.
    const onDays = (tokens, context) => findDays(days, tokens, context);
    // Of any date, last, the query without its day words, its building named either way: no
    // page says 周五 of 周五5栋 (今天, 明天 and 后天 only ask: plain() drops them).
    for (const tokens of rest && rest.length ? [rest, parse(otherBuilding(left))] : []) {
      if (!tried.has(said(tokens))) tries.push(tokens);
      tried.add(said(tokens));
    }
    for (const tokens of days ? [rest, parse(otherBuilding(left))] : []) {
      if (tokens !== rest && said(tokens) === said(rest)) break;
      const found = await thenInSeries(onDays, tokens, context);
      if (!found) return;
      [shown, message] = found;
      if (shown) break;
    }
    context.elsewhere = !shown && days; // what is found from here on is not of those days
    for (const find of shown || rest && !rest.length ? [] : [findAll, findApart]) {
      for (const tokens of tries) {
        const found = await thenInSeries(find, tokens, context);
        if (!found) return;
        [shown, message] = found;
        if (shown) break;
      }
      if (shown) break;
    }
    // Then with the words residents say as pages write them (骗子: 诈骗), every wording's
    // results after those found above (a page may say 骗子 too); as a whole, else apart.
    const other = days && shown ? [] : reworded(plain(query)).map(parse).filter((tokens) => tokens.length && !tried.has(said(tokens)));
    const more = context.more;
    for (const find of other.length ? [findAll, findApart] : []) {
      let added = 0;
      for (const tokens of other) {
        const found = await thenInSeries(find, tokens, context);
        if (!found) return;
        added += found[0];
        context.more = more || context.more;
      }
      if (added && !shown) message = form.dataset.synonym;
      shown += added;
      if (added) break;
    }
    // A homophone typed (以保 for 医保) is often found whole in pages' text (以保证): then the
    // titles that sound as it does first (see soundsFirst()). Not of a day asked (no title says
    // its day), nor after words found apart or reworded (the status says the rest hold it).
    const word = shown && !days && message === form.dataset.count && misheard(reduced, context);
    if (word) {
      const found = await soundsFirst(query, word, context);
      if (!found) return;
      if (found[0]) [shown, message] = found;
    }
    // Then by sound (停睡: 停水): before the pages that hold part of the query, as a whole heard
    // right and written wrong (停睡通知) is a better answer than the pages that hold 通知.
    if (!shown && !(rest && !rest.length)) {
      const found = await findBySound(query, context, form.dataset.sound, query.trim());
      if (!found) return;
      [shown, message] = found;
    }
    if (!shown && !(rest && !rest.length)) {
      const found = await findSome(asked, context);
      if (!found) return;
      [shown, message] = found;
    }
  } catch (error) { // no index (or the network failed): say nothing was found
    console.warn(error);
  }
  // A common word (社区) is on more pages than are shown: "found 30" would be untrue.
  if (shown && message === form.dataset.count && context && context.more) message = form.dataset.more;
  // A day asked alone (明天, 周六有活动吗) with no activity on it: said so, with its date. 没有找到，
  // 请换一个词试试 told the resident to type something else, as if 明天 were a word no page had.
  const dayAlone = !shown && context && rest && !rest.length && form.dataset.noDay;
  const none = dayAlone ? daysSaid(days, form.dataset.noDay) : form.dataset.empty;
  if (mine === latest) say(shown ? (context.elsewhere ? otherDays(context.elsewhere) : "") + message : none, shown);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value;
  history.replaceState(null, "", "?q=" + encodeURIComponent(query));
  run(query);
});

form.hidden = false;
document.getElementById("search-fallback").hidden = true;
const initial = new URLSearchParams(location.search).get("q");
if (initial) { input.value = initial; run(initial); }

export { page, plain, when, fold, DASH }; // for tests/test_browser.py: page() is compared with extract() on every page, plain() and when() tried on dates,
// fold() and DASH on generator/search.py's dashes and its Traditional characters
