import asyncio
import logging
import re

import httpx

logger = logging.getLogger("openlibrary.solr")

solr_base_url = None


def get_solr_base_url():
    global solr_base_url
    if not solr_base_url:
        solr_base_url = "http://solr:8983/solr/openlibrary"
    return solr_base_url


class SolrUpdateRequest:
    def __init__(self, adds=None, deletes=None):
        self.adds = adds or []
        self.deletes = deletes or []


data_provider = None


async def update_author(akey, a=None, handle_redirects=True) -> list[SolrUpdateRequest] | None:
    """
    Get the Solr requests necessary to insert/update/delete an Author in Solr.
    :param str akey: An author key, e.g. /authors/OL22098A
    """
    if akey == "/authors/":
        return None
    m = re.match(r"^/a/([^/]+)$", akey)
    if m:
        akey = "/authors/" + m.group(1)
    author_id = akey.split("/")[-1]
    a = a or {"key": akey, "type": {"key": "/type/author"}, "name": "Jane Doe"}

    if a["type"]["key"] in ("/type/redirect", "/type/delete") or not a.get("name"):
        return [SolrUpdateRequest(deletes=[akey])]

    facet_fields = ["subject", "time", "person", "place"]
    base_url = get_solr_base_url() + "/select"

    async with httpx.AsyncClient() as client:
        response = await client.get(
            base_url,
            params=[
                ("wt", "json"),
                ("json.nl", "arrarr"),
                ("q", "author_key:%s" % author_id),
                ("sort", "edition_count desc"),
                ("rows", 1),
                ("fl", "title,subtitle"),
                ("facet", "true"),
                ("facet.mincount", 1),
            ]
            + [("facet.field", "%s_facet" % field) for field in facet_fields],
            timeout=10,
        )
    reply = response.json()
    work_count = reply["response"]["numFound"]
    docs = reply["response"].get("docs", [])
    top_work = docs[0]["title"] if docs else None

    d = {"key": "/authors/" + author_id, "type": "author", "name": a["name"], "work_count": work_count}
    if top_work:
        d["top_work"] = top_work
    return [SolrUpdateRequest(adds=[d])]


async def update_keys(keys, commit=True, output_file=None, skip_id_check=False, update="update"):
    requests_ = []
    for key in keys:
        if key.startswith("/authors/"):
            requests_ += await update_author(key) or []
    return requests_


if __name__ == "__main__":
    try:
        asyncio.run(update_keys(["/authors/OL22098A", "/authors/OL1A"]))
    except Exception as e:
        logger.error("solr unavailable: %s", e)
