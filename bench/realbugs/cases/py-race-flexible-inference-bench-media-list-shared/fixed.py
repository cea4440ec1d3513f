"""flexible-inference-bench: reduction of the multimodal request generator.

Media (synthetic images) for every request is generated in a thread
pool; each request collects its own list of media items.
"""
import random
from concurrent.futures import ThreadPoolExecutor


class MediaGenerator:
    def __init__(self, num_images, seed=0):
        self.num_images = num_images
        self.rng = random.Random(seed)

    def _make_image(self, width, height):
        return "image-%dx%d" % (width, height)

    def generate_media(self, request_id):
        # temporary local list: each thread fills only its own
        media = []
        for _ in range(self.num_images):
            w = 64 * (1 + request_id % 4)
            media.append(self._make_image(w, w))
        return request_id, media


def build_requests(num_requests, num_images):
    gen = MediaGenerator(num_images)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(gen.generate_media, range(num_requests)))
    bad = [rid for rid, media in results if len(media) != num_images]
    print("requests with wrong media count:", len(bad))
    return results


if __name__ == "__main__":
    build_requests(200, 50)
