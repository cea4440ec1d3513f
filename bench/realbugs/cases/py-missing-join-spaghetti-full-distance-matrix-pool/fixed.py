import heapq
from itertools import repeat

import numpy as np


class util:
    @staticmethod
    def dijkstra(ntw, v0, initial_dist=np.inf):
        distance = [initial_dist for x in ntw.vertex_list]
        distance[ntw.vertex_list.index(v0)] = 0
        pred = [-1 for x in ntw.vertex_list]
        heap = [(0, v0)]
        while heap:
            dist, v = heapq.heappop(heap)
            if dist > distance[v]:
                continue
            for nbr in ntw.adjacencylist[v]:
                new_dist = dist + ntw.edge_lengths[tuple(sorted((v, nbr)))]
                if new_dist < distance[nbr]:
                    distance[nbr] = new_dist
                    pred[nbr] = v
                    heapq.heappush(heap, (new_dist, nbr))
        return distance, pred

    @staticmethod
    def dijkstra_mp(ntw_vertex):
        ntw, vertex = ntw_vertex
        return util.dijkstra(ntw, vertex)

    @staticmethod
    def generatetree(pred):
        tree = {}
        for i, p in enumerate(pred):
            if p == -1:
                tree[i] = [i]
                continue
            tree[i] = [p]
        return tree


class Network:
    def __init__(self, edges):
        self.edge_lengths = {tuple(sorted(e)): float(w) for e, w in edges}
        self.vertex_list = sorted({v for e, _ in edges for v in e})
        self.adjacencylist = {v: [] for v in self.vertex_list}
        for (a, b), _ in edges:
            self.adjacencylist[a].append(b)
            self.adjacencylist[b].append(a)

    def full_distance_matrix(self, n_processes, gen_tree=False):
        self.alldistances = {}
        nvtx = len(self.vertex_list)
        self.distancematrix = np.empty((nvtx, nvtx))

        # single-core processing
        if not n_processes:
            for vtx in self.vertex_list:
                distance, pred = util.dijkstra(self, vtx)
                pred = np.array(pred)
                tree = util.generatetree(pred) if gen_tree else None
                self.alldistances[vtx] = (distance, tree)
                self.distancematrix[vtx] = distance

        # multiprocessing
        if n_processes:
            # set up multiprocessing schema
            import multiprocessing as mp

            if n_processes == "all":
                cores = mp.cpu_count()
            else:
                cores = n_processes
            with mp.Pool(processes=cores) as p:
                # calculate the shortest path and preceding
                # vertices for traversal route by mapping each process
                distance_pred = p.map(util.dijkstra_mp, zip(repeat(self), self.vertex_list))

                # set range of iterations
                iterations = range(len(distance_pred))
                distance = [distance_pred[itr][0] for itr in iterations]
                pred = np.array([distance_pred[itr][1] for itr in iterations])

            for vtx in self.vertex_list:
                tree = util.generatetree(pred[vtx]) if gen_tree else None
                self.alldistances[vtx] = (distance[vtx], tree)
                self.distancematrix[vtx] = distance[vtx]


if __name__ == "__main__":
    ntw = Network([((0, 1), 1), ((1, 2), 2), ((2, 3), 1), ((0, 3), 5)])
    # called in a loop (e.g. once per simulated pattern): each call leaves a pool of workers behind
    for _ in range(5):
        ntw.full_distance_matrix(n_processes=2, gen_tree=True)
    print(ntw.distancematrix)
