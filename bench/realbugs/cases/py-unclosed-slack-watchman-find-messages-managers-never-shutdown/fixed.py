import hashlib
import multiprocessing
import re


class Signature:
    def __init__(self, name, search_strings, patterns):
        self.name = name
        self.search_strings = search_strings
        self.patterns = patterns


class SlackClient:
    def __init__(self, token):
        self.token = token

    def page_api_search(self, query, method, scope, timeframe):
        return [{"text": "%s xoxb-%04d-secret" % (query, i), "ts": str(i)} for i in range(3)]


class StdoutLogger:
    def log(self, level, msg):
        print("[%s] %s" % (level, msg))


def _multipro_message_worker(slack, sig, query, verbose, timeframe, **kwargs):
    errors = kwargs.get('errors')
    try:
        message_list = slack.page_api_search(query, 'search.messages', 'messages', timeframe)
        kwargs.get('potential_matches').append(len(message_list))
        for message in message_list:
            for pattern in sig.patterns:
                r = re.compile(pattern)
                if r.search(str(message.get('text'))):
                    match_string = r.search(str(message.get('text'))).group(0)
                    watchman_id = hashlib.md5(f"{match_string}.{message['ts']}".encode()).hexdigest()
                    kwargs.get('results').append({'match_string': match_string, 'watchman_id': watchman_id})
    except Exception as e:  # pylint: disable=broad-except
        errors.append({'signature': sig.name, 'query': query, 'error': repr(e)})


def find_messages(slack, logger, sig, verbose, timeframe):
    with multiprocessing.Manager() as manager:
        results = manager.list()
        potential_matches = manager.list()
        errors = manager.list()

        processes = []
        for query in sig.search_strings:
            p = multiprocessing.Process(
                target=_multipro_message_worker,
                args=(slack, sig, query, verbose, timeframe),
                kwargs={'results': results, 'potential_matches': potential_matches, 'errors': errors},
            )
            processes.append(p)
            p.start()
        for p in processes:
            p.join()

        for err in errors:
            logger.log('ERROR', f"Worker failed for query '{err.get('query')}': {err.get('error')}")
        if potential_matches:
            logger.log('INFO', f'{sum(potential_matches)} potential matches found')
        return list(results)


if __name__ == "__main__":
    sig = Signature("slack_tokens", ["xoxb", "token"], [r"xoxb-[0-9]{4}-[a-z]+"])
    found = find_messages(SlackClient("xoxp-test"), StdoutLogger(), sig, False, "d")
    print(len(found), "matches")
