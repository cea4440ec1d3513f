"""mmdetection 2.0 mmdet/core/evaluation/mean_ap.py (reduced): per-class tp/fp with a process pool."""
from multiprocessing import Pool

import numpy as np


def bbox_overlaps(bboxes1, bboxes2):
    rows, cols = bboxes1.shape[0], bboxes2.shape[0]
    ious = np.zeros((rows, cols), dtype=np.float32)
    for i in range(rows):
        x1 = np.maximum(bboxes1[i, 0], bboxes2[:, 0])
        y1 = np.maximum(bboxes1[i, 1], bboxes2[:, 1])
        x2 = np.minimum(bboxes1[i, 2], bboxes2[:, 2])
        y2 = np.minimum(bboxes1[i, 3], bboxes2[:, 3])
        overlap = np.maximum(x2 - x1, 0) * np.maximum(y2 - y1, 0)
        area1 = (bboxes1[i, 2] - bboxes1[i, 0]) * (bboxes1[i, 3] - bboxes1[i, 1])
        area2 = (bboxes2[:, 2] - bboxes2[:, 0]) * (bboxes2[:, 3] - bboxes2[:, 1])
        ious[i] = overlap / np.maximum(area1 + area2 - overlap, 1e-6)
    return ious


def tpfp_default(det_bboxes, gt_bboxes, gt_bboxes_ignore=None, iou_thr=0.5, area_ranges=None):
    num_dets = det_bboxes.shape[0]
    tp = np.zeros((1, num_dets), dtype=np.float32)
    fp = np.zeros((1, num_dets), dtype=np.float32)
    if gt_bboxes.shape[0] == 0:
        fp[...] = 1
        return tp, fp
    ious = bbox_overlaps(det_bboxes, gt_bboxes)
    ious_max = ious.max(axis=1)
    tp[0, ious_max >= iou_thr] = 1
    fp[0, ious_max < iou_thr] = 1
    return tp, fp


tpfp_imagenet = tpfp_default


def get_cls_results(det_results, annotations, class_id):
    cls_dets = [img_res[class_id] for img_res in det_results]
    cls_gts = [ann["bboxes"][ann["labels"] == class_id] for ann in annotations]
    cls_gts_ignore = [np.empty((0, 4), dtype=np.float32) for _ in annotations]
    return cls_dets, cls_gts, cls_gts_ignore


def eval_map(det_results, annotations, scale_ranges=None, iou_thr=0.5,
             dataset=None, logger=None, nproc=4):
    assert len(det_results) == len(annotations)

    num_imgs = len(det_results)
    num_classes = len(det_results[0])  # positive class num
    area_ranges = ([(rg[0]**2, rg[1]**2) for rg in scale_ranges]
                   if scale_ranges is not None else None)

    pool = Pool(nproc)
    eval_results = []
    for i in range(num_classes):
        # get gt and det bboxes of this class
        cls_dets, cls_gts, cls_gts_ignore = get_cls_results(det_results, annotations, i)
        # choose proper function according to datasets to compute tp and fp
        if dataset in ["det", "vid"]:
            tpfp_func = tpfp_imagenet
        else:
            tpfp_func = tpfp_default
        # compute tp and fp for each image with multiple processes
        tpfp = pool.starmap(
            tpfp_func,
            zip(cls_dets, cls_gts, cls_gts_ignore,
                [iou_thr for _ in range(num_imgs)],
                [area_ranges for _ in range(num_imgs)]))
        tp, fp = tuple(zip(*tpfp))
        eval_results.append({"num_dets": sum(t.shape[1] for t in tp),
                             "tp": float(sum(t.sum() for t in tp))})
    return eval_results


if __name__ == "__main__":
    box = np.array([[0, 0, 10, 10, 0.9]], dtype=np.float32)
    dets = [[box[:, :4], box[:, :4]] for _ in range(4)]
    anns = [{"bboxes": box[:, :4], "labels": np.array([0])} for _ in range(4)]
    for epoch in range(3):  # evaluated after every epoch by EvalHook
        print(epoch, eval_map(dets, anns, nproc=2))
