"""api/db/services/file_service.py (infiniflow/ragflow), reduced: parsing the
files attached to a chat message. The rag.app chunkers are stubbed."""
import re
from concurrent.futures import ThreadPoolExecutor


class FileType:
    VISUAL = "visual"
    AURAL = "aural"
    DOC = "doc"


class naive:
    @staticmethod
    def chunk(filename, blob, **kwargs):
        text = blob.decode("utf-8", errors="ignore")
        return [{"content_with_weight": part} for part in text.split("\n\n") if part]


def filename_type(filename):
    if re.search(r"\.(jpg|jpeg|png|gif)$", filename):
        return FileType.VISUAL
    if re.search(r"\.(wav|mp3)$", filename):
        return FileType.AURAL
    return FileType.DOC


class FileService:
    @staticmethod
    def get_parser(doc_type, filename, default):
        if re.search(r"\.(ppt|pptx|pages)$", filename):
            return "presentation"
        return default

    @staticmethod
    def parse(filename, blob, img_base64=True, tenant_id=None):
        def dummy(prog=None, msg=""):
            pass

        FACTORY = {"naive": naive}
        parser_config = {"chunk_token_num": 16096, "delimiter": "\n!?;。；！？",
                         "layout_recognize": "Plain Text"}
        kwargs = {"lang": "English", "callback": dummy, "parser_config": parser_config,
                  "from_page": 0, "to_page": 100000, "tenant_id": tenant_id}
        file_type = filename_type(filename)
        if img_base64 and file_type == FileType.VISUAL:
            return ""
        cks = FACTORY.get(FileService.get_parser(file_type, filename, ""), naive).chunk(
            filename, blob, **kwargs)
        return "\n".join([ck["content_with_weight"] for ck in cks])

    @staticmethod
    def parse_docs(file_objs, user_id):
        with ThreadPoolExecutor(max_workers=12) as exe:
            threads = []
            for file in file_objs:
                threads.append(exe.submit(FileService.parse, file.filename, file.read(), False))

            res = []
            for th in threads:
                res.append(th.result())

        return "\n\n".join(res)


def upload_and_parse(request_files, user_id):
    """Route handler: called for every chat upload in the long-running API server."""
    return FileService.parse_docs(request_files, user_id)
