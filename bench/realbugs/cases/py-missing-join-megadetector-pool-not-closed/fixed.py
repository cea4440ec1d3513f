"""Reduced from MegaDetector (megadetector/utils/path_utils.py style helpers):
a multiprocessing Pool is created for a parallel pass over image files and
its results are collected, but the pool is never closed or joined."""
import os
import sys
from multiprocessing import Pool


def _check_image_file(filename):
    """Returns (filename, error) for one candidate image file."""
    try:
        with open(filename, 'rb') as f:
            header = f.read(4)
    except OSError as e:
        return filename, str(e)
    if header[:2] != b'\xff\xd8' and header[:4] != b'\x89PNG':
        return filename, 'not a JPEG/PNG file'
    return filename, None


def parallel_check_image_files(filenames, n_workers=4):
    """Checks all images in parallel and returns the ones that failed."""
    if n_workers <= 1:
        results = [_check_image_file(fn) for fn in filenames]
    else:
        pool = Pool(n_workers)
        try:
            results = list(pool.imap(_check_image_file, filenames))
        finally:
            pool.close()
            pool.join()
    return [(fn, err) for fn, err in results if err is not None]


def find_images(folder):
    image_extensions = ('.jpg', '.jpeg', '.png')
    images = []
    for root, _, files in os.walk(folder):
        for name in files:
            if name.lower().endswith(image_extensions):
                images.append(os.path.join(root, name))
    return sorted(images)


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else '.'
    images = find_images(folder)
    failures = parallel_check_image_files(images, n_workers=4)
    print('checked %d images, %d failures' % (len(images), len(failures)))
    for fn, err in failures:
        print(fn, err)


if __name__ == '__main__':
    main()
