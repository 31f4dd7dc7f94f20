"""How well Chinese search finds the right pages: character bigrams in the full-text index
(what the site does, content.cjk) against PostgreSQL's trigram matching (pg_trgm).

Seeds the demo's Chinese explainer (fixtures/demo.zh-hans.json) and 32 short Chinese pages
on other subjects, some written to trap a matcher (芝麻信用 names 社会信用 in passing, a
parking page has 车牌 and 识别 apart), runs 13 queries whose relevant pages were chosen by
hand, and prints precision@1 (the first result is relevant), recall (relevant pages found)
and precision (found pages that are relevant) for each approach.

Everything happens in temporary tables (PostgreSQL) and an in-memory database (SQLite):
nothing is left behind. The numbers and the decision are in docs/translation.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> python tests/bench/zh_search_quality.py
"""

import json
import os
import re
import sqlite3
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from content.cjk import cjk_query, cjk_terms  # noqa: E402

# fmt: off
PAGES = {
    "london": ("伦敦的闭路电视", "伦敦街头和商店装有大量闭路电视摄像头，多数由私人业主管理，而不是警方。近年来警方试用实时人脸识别，把路人的面孔与通缉名单比对，引发了关于隐私的争议。"),  # noqa: E501
    "moscow": ("莫斯科地铁的刷脸进站", "莫斯科地铁的乘客可以在闸机前刷脸支付车费。人权组织担心，同一套人脸识别系统也能用来找出参加抗议的人。"),  # noqa: E501
    "face_pay": ("刷脸支付", "在一些超市和食堂，顾客看一眼摄像头就能付款。刷脸支付很方便，但人脸数据一旦泄露，无法像密码那样更换。"),  # noqa: E501
    "sesame": ("芝麻信用", "芝麻信用是一家支付公司推出的个人信用评分，根据消费和还款记录打分。它是商业产品，与政府推动的社会信用体系不是一回事。"),  # noqa: E501
    "scs_firms": ("企业的信用记录", "社会信用体系中发展最快的部分针对企业：监管部门公开企业的违法记录、欠税和处罚，列入失信名单的企业难以获得贷款和政府合同。"),  # noqa: E501
    "blacklist": ("失信被执行人名单", "法院把拒不履行判决的人列入名单，他们不能乘坐飞机和高铁。这份名单常被看作社会信用体系的一部分。"),  # noqa: E501
    "hotpot": ("重庆火锅", "重庆火锅以麻辣闻名。重庆人吃火锅常用牛油锅底，配毛肚和鸭肠，夏天也照吃不误。"),  # noqa: E501
    "plates": ("车牌识别", "高速公路和停车场的摄像头自动读取车牌号码，识别结果与数据库比对，用来收费或查找被盗车辆。"),  # noqa: E501
    "parking": ("停车收费", "车主离场时扫码付费，系统会识别二维码并抬起栏杆。车牌照片保存三十天后删除。"),  # noqa: E501
    "health_code": ("健康码", "疫情期间，健康码根据行程和检测结果显示绿、黄、红三种颜色，决定一个人能否进入商场、乘坐公共交通。"),  # noqa: E501
    "pipl": ("个人信息保护法", "《个人信息保护法》要求处理人脸等敏感个人信息时取得单独同意，并向当事人说明用途和保存期限。"),  # noqa: E501
    "robots_sg": ("新加坡的巡逻机器人", "新加坡在住宅区试用巡逻机器人，它们用喇叭提醒人们不要在禁烟区吸烟、不要乱停自行车。"),  # noqa: E501
    "robot_dog": ("警用机器狗", "一些警察部门使用四足机器人进入危险建筑侦察。批评者担心，这些机器人迟早会被装上武器。"),  # noqa: E501
    "predictive": ("预测性警务", "警方用大数据分析过去的犯罪记录，预测哪些街区可能发生犯罪，并据此安排巡逻的警力。"),  # noqa: E501
    "retail": ("超市里的大数据", "超市分析会员卡的购物记录，推测顾客的喜好、收入和家庭情况，再据此推送优惠券。"),  # noqa: E501
    "school": ("教室里的摄像头", "一些学校在教室安装摄像头，用人脸识别分析学生是否专心听讲，家长和教育专家意见不一。"),  # noqa: E501
    "wifi": ("无线探针", "商场里的设备可以收集经过的手机发出的信号，统计客流，甚至认出同一部手机的多次到访。"),  # noqa: E501
    "phone": ("手机定位", "运营商知道每部手机连接的是哪个基站，因此能大致确定机主所在的位置。"),
    "realname": ("网络实名制", "注册社交媒体账号和手机号码需要提供身份证信息，网上的发言因此可以追溯到具体的人。"),  # noqa: E501
    "dna": ("DNA数据库", "一些国家的警方建立了大规模的DNA数据库，用来比对犯罪现场留下的样本。"),
    "drones": ("无人机监控", "警方用无人机在大型活动上空拍摄人群，画面实时传回指挥中心。"),
    "doorbell": ("智能门铃", "智能门铃拍下门前经过的每一个人，有的公司曾把这些录像提供给警方。"),
    "workplace": ("职场监控", "有的公司用软件记录员工的键盘操作和屏幕截图，以此衡量工作效率。"),
    "eu_act": ("欧盟人工智能法", "欧盟的法律限制在公共场所实时使用人脸识别，只有在寻找失踪儿童等少数情况下才允许。"),  # noqa: E501
    "skynet": ("天网工程", "天网工程是中国城市里的视频监控网络，把街头的监控摄像头接入公安机关的平台。"),  # noqa: E501
    "sharp_eyes": ("雪亮工程", "雪亮工程把监控摄像头延伸到农村，村民可以在自家电视上查看村口的画面。"),  # noqa: E501
    "shenzhen": ("深圳路口的曝光屏", "在深圳的一些路口，闯红灯的行人会被摄像头拍下，人脸识别系统辨认身份后，照片显示在路边的大屏幕上。"),  # noqa: E501
    "fog": ("重庆的雾", "重庆是有名的雾都，冬天常常大雾弥漫，长江和嘉陵江在这里交汇。"),
    "encryption": ("端到端加密", "端到端加密让只有收发双方能读到消息，服务商和第三方都无法查看内容。"),  # noqa: E501
    "firewall": ("防火长城", "防火长城屏蔽了许多境外网站，用户需要借助翻墙工具才能访问。"),
    "census": ("人口普查", "人口普查每十年进行一次，登记每个家庭的人数、年龄和住房情况。"),
    "credit_card": ("信用卡额度", "银行根据收入和还款记录决定信用卡的额度，逾期还款会影响个人信用。"),  # noqa: E501
}
# fmt: on

# Query → the pages a reader would want (judged by meaning, not by the characters).
QUERIES = {
    "重庆": {"chongqing", "hotpot", "fog"},
    "人脸识别": {"chongqing", "london", "moscow", "face_pay", "school", "eu_act", "shenzhen"},
    "社会信用": {"chongqing", "scs_firms", "blacklist"},
    "巡逻机器人": {"chongqing", "robots_sg"},
    "大数据": {"chongqing", "predictive", "retail"},
    "车牌识别": {"plates"},
    "健康码": {"health_code"},
    "监控摄像头": {"skynet", "sharp_eyes", "london", "chongqing"},
    "个人信息保护": {"pipl"},
    "刷脸支付": {"face_pay", "moscow"},
    # Two words written together, as readers do: bigrams need the pair across the join
    # (庆人 is in the explainer, by chance, in 重庆人; 圳人 is nowhere).
    "重庆人脸识别": {"chongqing"},
    "深圳人脸识别": {"shenzhen"},
    "信用评分": {"sesame", "credit_card"},
}

_TAG = re.compile(r"<[^>]+>|\{\{[^{}]*\}\}")


def chinese_explainer():
    """(title, text) of the demo's Chinese explainer: every prose string of the page."""
    pages = json.loads((REPO / "fixtures" / "demo.zh-hans.json").read_text(encoding="utf-8"))

    def find(page):
        if page["type"] == "content.articlepage":
            return page
        return next(filter(None, (find(child) for child in page.get("children", []))), None)

    page = find(pages["pages"])
    texts = []

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and re.search("[\u4e00-\u9fff]", value):
            texts.append(_TAG.sub("", value))

    walk([page["standfirst"], page["body"]])
    return page["title"], " ".join(texts)


def corpus():
    return {"chongqing": chinese_explainer(), **PAGES}


# --- The approaches: each returns the page keys found, best first -------------------------

WEIGHTS = "{0.0099,0.0099,0.208,1.0}"  # D, C, B, A as Wagtail sets them for this site


def pg_setup(cursor, pages):
    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    cursor.execute(
        "CREATE TEMP TABLE zh_pages (key text, title text, body text, "
        "plain tsvector, pairs tsvector)"
    )
    for key, (title, body) in pages.items():
        cursor.execute(
            "INSERT INTO zh_pages VALUES (%s, %s, %s, "
            "setweight(to_tsvector('english', %s), 'B') || to_tsvector('english', %s), "
            "setweight(to_tsvector('english', %s), 'B') || to_tsvector('english', %s))",
            (key, title, body, title, body, cjk_terms(title), cjk_terms(body)),
        )
    cursor.execute("CREATE INDEX ON zh_pages USING gin (body gin_trgm_ops)")


def pg_whole_runs(cursor, query):
    """Before: the query as one word, as the backend saw it."""
    cursor.execute(
        "SELECT key FROM zh_pages, plainto_tsquery('english', %s) q WHERE plain @@ q "
        "ORDER BY ts_rank(%s::float4[], plain, q) DESC",
        (query, WEIGHTS),
    )
    return [row[0] for row in cursor.fetchall()]


def _and_query(query):
    return " & ".join(f"'{pair}'" for pair in dict.fromkeys(cjk_query(query).split()))


def pg_bigrams_all(cursor, query):
    """Bigrams in the index, every pair of the query required, ranked by ts_rank."""
    cursor.execute(
        "SELECT key FROM zh_pages, to_tsquery('english', %s) q WHERE pairs @@ q "
        "ORDER BY ts_rank(%s::float4[], pairs, q) DESC",
        (_and_query(query), WEIGHTS),
    )
    return [row[0] for row in cursor.fetchall()]


def pg_bigrams_side_by_side(cursor, query):
    """As the site does: every pair required; pages with them side by side rank first."""
    cursor.execute(
        "SELECT key FROM zh_pages, to_tsquery('english', %s) q, "
        "phraseto_tsquery('english', %s) p WHERE pairs @@ (q || p) "
        "ORDER BY (ts_rank(%s::float4[], pairs, q) + ts_rank(%s::float4[], pairs, p)) / 2 DESC",
        (_and_query(query), cjk_query(query), WEIGHTS, WEIGHTS),
    )
    return [row[0] for row in cursor.fetchall()]


def pg_bigrams_site(cursor, query):
    """As the site does: side by side first; when nothing is found and the query has 4 to
    8 pairs, every pair but one (content.search.RELAXED_PAIRS)."""
    found = pg_bigrams_side_by_side(cursor, query)
    pairs = list(dict.fromkeys(cjk_query(query).split()))
    if found or not 4 <= len(pairs) <= 8:
        return found
    relaxed = " | ".join(
        "(" + " & ".join(f"'{pair}'" for pair in pairs[:i] + pairs[i + 1 :]) + ")"
        for i in range(len(pairs))
    )
    cursor.execute(
        "SELECT key FROM zh_pages, to_tsquery('english', %s) q WHERE pairs @@ q "
        "ORDER BY ts_rank(%s::float4[], pairs, q) DESC",
        (relaxed, WEIGHTS),
    )
    return [row[0] for row in cursor.fetchall()]


def pg_trigram_similarity(cursor, query):
    """pg_trgm as Wagtail's Fuzzy query uses it: word similarity to the title or text of at
    least 0.3, the title's counting double."""
    cursor.execute(
        "SELECT key FROM zh_pages WHERE greatest(word_similarity(%s, title), "
        "word_similarity(%s, body)) >= 0.3 "
        "ORDER BY greatest(2 * word_similarity(%s, title), word_similarity(%s, body)) DESC",
        (query,) * 4,
    )
    return [row[0] for row in cursor.fetchall()]


def pg_trigram_substring(cursor, query):
    """pg_trgm as a substring index: the text contains the query (ILIKE '%…%'), ranked by
    the number of times it does (the title's counting five)."""
    like = f"%{query}%"
    cursor.execute(
        "SELECT key FROM zh_pages WHERE title ILIKE %s OR body ILIKE %s "
        "ORDER BY 5 * (length(title) - length(replace(title, %s, ''))) "
        "+ length(body) - length(replace(body, %s, '')) DESC",
        (like, like, query, query),
    )
    return [row[0] for row in cursor.fetchall()]


def sqlite_bigrams(pages):
    """Bigrams in SQLite's FTS5 (the fallback backend) searched as the site does, ranked by
    FTS5's BM25 (without the title length norm Wagtail's backend multiplies it by)."""
    database = sqlite3.connect(":memory:")
    database.execute("CREATE VIRTUAL TABLE zh USING fts5(key UNINDEXED, title, body)")
    database.executemany(
        "INSERT INTO zh VALUES (?, ?, ?)",
        [(key, cjk_terms(title), cjk_terms(body)) for key, (title, body) in pages.items()],
    )

    def search(query):
        pairs = list(dict.fromkeys(cjk_query(query).split()))
        match = " AND ".join(f'"{pair}"' for pair in pairs)
        match = f'({match}) OR "{" ".join(cjk_query(query).split())}"'
        rows = database.execute(
            "SELECT key FROM zh WHERE zh MATCH ? ORDER BY bm25(zh)", (match,)
        ).fetchall()
        if not rows and 4 <= len(pairs) <= 8:  # every pair but one, as the site does
            match = " OR ".join(
                "(" + " AND ".join(f'"{pair}"' for pair in pairs[:i] + pairs[i + 1 :]) + ")"
                for i in range(len(pairs))
            )
            rows = database.execute(
                "SELECT key FROM zh WHERE zh MATCH ? ORDER BY bm25(zh)", (match,)
            ).fetchall()
        return [row[0] for row in rows]

    return search


def score(found, relevant):
    hits = [key for key in found if key in relevant]
    return (
        1.0 if found and found[0] in relevant else 0.0,
        len(hits) / len(relevant),
        len(hits) / len(found) if found else 1.0,
    )


def main():
    pages = corpus()
    approaches = {}
    url = os.environ.get("DATABASE_URL", "")
    cursor = None
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        connection = psycopg.connect(url)
        cursor = connection.cursor()
        pg_setup(cursor, pages)
        approaches |= {
            "PostgreSQL, whole runs (before)": lambda q: pg_whole_runs(cursor, q),
            "PostgreSQL, bigrams, all pairs": lambda q: pg_bigrams_all(cursor, q),
            "PostgreSQL, bigrams, side by side first": lambda q: pg_bigrams_side_by_side(cursor, q),
            "PostgreSQL, bigrams, then all pairs but one (site)": lambda q: pg_bigrams_site(
                cursor, q
            ),
            "PostgreSQL, pg_trgm word similarity >= 0.3": lambda q: pg_trigram_similarity(
                cursor, q
            ),
            "PostgreSQL, pg_trgm substring (ILIKE)": lambda q: pg_trigram_substring(cursor, q),
        }
    else:
        print("DATABASE_URL is not PostgreSQL: only SQLite is measured.")  # noqa: T201
    approaches["SQLite FTS5, bigrams, as the site (BM25)"] = sqlite_bigrams(pages)

    text = sum(len(title) + len(body) for title, body in pages.values())
    pairs = sum(len(cjk_terms(title)) + len(cjk_terms(body)) for title, body in pages.values())
    print(f"{len(pages)} pages, {len(QUERIES)} queries; {text:,} characters of text, ")  # noqa: T201
    print(f"{pairs:,} characters of bigram terms added to the index ({pairs / text:.1f}x)\n")  # noqa: T201
    print(f"{'approach':<54}{'P@1':>6}{'recall':>8}{'precision':>11}")  # noqa: T201
    details = {}
    for name, search in approaches.items():
        rows = []
        for query, relevant in QUERIES.items():
            found = search(query)
            rows.append(score(found, relevant))
            details.setdefault(query, []).append((name, found[:3], len(found)))
        means = [sum(column) / len(rows) for column in zip(*rows, strict=True)]
        print(f"{name:<54}{means[0]:>6.2f}{means[1]:>8.2f}{means[2]:>11.2f}")  # noqa: T201
    print("\nPer query: approach → first results (of how many)")  # noqa: T201
    for query, results in details.items():
        print(f"{query}  relevant: {sorted(QUERIES[query])}")  # noqa: T201
        for name, first, count in results:
            print(f"    {name:<54}{first} ({count})")  # noqa: T201
    if cursor is not None:
        cursor.connection.rollback()
        cursor.connection.close()


if __name__ == "__main__":
    main()
