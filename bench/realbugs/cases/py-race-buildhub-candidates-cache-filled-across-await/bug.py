"""buildhub jobs/buildhub/scrape_archives.py (2017): cache of the latest build folder
per release-candidate version, filled lazily by whichever coroutine gets there first."""
import asyncio
import random

ARCHIVE_URL = "https://archive.mozilla.org/pub/"

_candidates = {}


def archive_url(product, version=None, platform=None, locale=None, nightly=None, candidate=None):
    url = ARCHIVE_URL + product + "/"
    if candidate:
        url += "candidates/"
        if version:
            url += "{}-candidates/".format(version)
        url += candidate.lstrip("/")
    return url


async def fetch_listing(session, url):
    await asyncio.sleep(random.random() / 100)  # HTTP GET + JSON listing
    if url.endswith("candidates/"):
        return ["57.0b1-candidates/", "57.0b2-candidates/", "archived/"], []
    return ["build1/", "build2/"], []


async def fetch_candidates(session, product):
    if product in _candidates:
        return _candidates[product]

    _candidates[product] = {}
    candidates_url = archive_url(product, candidate="/")
    candidates_folders, _ = await fetch_listing(session, candidates_url)
    for f in candidates_folders:
        if f == "archived/":
            continue
        candidate_version = f.replace("-candidates/", "")
        builds_url = archive_url(product, candidate_version, candidate="/")
        build_folders, _ = await fetch_listing(session, builds_url)
        latest_build_folder = sorted(build_folders)[-1]
        _candidates[product][candidate_version] = latest_build_folder

    return _candidates[product]


async def guess_build_folder(session, product, version):
    candidates = await fetch_candidates(session, product)
    return candidates[version]


async def process_release(session, product, version):
    try:
        return await guess_build_folder(session, product, version)
    except KeyError:
        return None


async def main():
    session = object()
    results = await asyncio.gather(*[process_release(session, "firefox", "57.0b2")
                                     for _ in range(10)])
    print("releases without a build folder:", results.count(None))


if __name__ == "__main__":
    asyncio.run(main())
